import { readRows } from '../../../src/datasets/io/read-rows.js';
import { writeRows } from '../../../src/datasets/io/write-rows.js';
import type { Column } from '../../../src/datasets/types.js';
import { writeFileSync } from 'node:fs';

const columns: Column[] = [
  { name: 'i', type: 'integer' }, { name: 'b', type: 'bigint' }, { name: 'f', type: 'float' },
  { name: 't', type: 'text' }, { name: 'ok', type: 'boolean' }, { name: 'at', type: 'timestamp' }, { name: 'j', type: 'json' },
];
const rows = [
  { i: 1, b: 2n ** 60n, f: 1.5, t: 'héllo, "x"\nline', ok: true, at: new Date('2024-01-02T03:04:05.678Z'), j: { a: [1, 'x'] } },
  { i: null, b: null, f: Number.NaN, t: null, ok: null, at: null, j: null },
  { i: -3, b: -5n, f: Number.POSITIVE_INFINITY, t: '', ok: false, at: new Date(0), j: 'str' },
];
async function* gen() { yield rows; }
for (const format of ['csv', 'jsonl', 'parquet'] as const) {
  const path = `/tmp/omio/x.${format}`;
  console.log(format, await writeRows(gen(), columns, path, format));
  const back = await readRows(path, format);
  console.log(back.columns);
  for await (const chunk of back.chunks) console.log(chunk);
  const typed = await readRows(path, format, { columns });
  for await (const chunk of typed.chunks) console.log(chunk);
}
writeFileSync('/tmp/omio/a.jsonl', '{"a": 12345678901234567890, "b": 9007199254740993, "c": {"d": 9007199254740993}, "e": "9007199254740993"}\n');
for await (const c of (await readRows('/tmp/omio/a.jsonl', 'jsonl')).chunks) console.log(c);
