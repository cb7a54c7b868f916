import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { readRows } from '../../../src/datasets/io/read-rows.js';
import { textLines } from '../../../src/datasets/io/text-lines.js';
import type { Column } from '../../../src/datasets/types.js';
import { ValidationError } from '../../../src/errors.js';
import { chunksOf, rowsOf, tempFolder } from './helpers.js';

const folder = tempFolder();

function jsonl(name: string, ...lines: string[]): string {
  return folder.write(name, `${lines.join('\n')}\n`);
}

describe('readRows jsonl', () => {
  it('infers column types; columns in order of first appearance; a missing key is null', async () => {
    const path = jsonl(
      'infer.jsonl',
      '{"int": 1, "num": 1, "word": "a", "flag": true, "obj": {"a": [1]}, "mixed": {"k": 1}, "at": "2024-01-01"}',
      '{"int": -2, "num": 2.5, "word": "b", "flag": false, "obj": [1, "x"], "mixed": "one", "none": null}',
      '{"big": 9007199254740993, "int": null}',
      '{"big": 1}',
    );
    const rows = await readRows(path, 'jsonl');
    assert.deepEqual(rows.columns, [
      { name: 'int', type: 'integer' },
      { name: 'num', type: 'float' },
      { name: 'word', type: 'text' },
      { name: 'flag', type: 'boolean' },
      { name: 'obj', type: 'json' },
      { name: 'mixed', type: 'json' },
      { name: 'at', type: 'timestamp' }, // ISO texts are timestamps, as on put and in CSV (text before)
      { name: 'none', type: 'text' },
      { name: 'big', type: 'bigint' },
    ]);
    const empty = {
      int: null,
      num: null,
      word: null,
      flag: null,
      obj: null,
      mixed: null,
      at: null,
      none: null,
      big: null,
    };
    assert.deepEqual(await rowsOf(rows), [
      { ...empty, int: 1, num: 1, word: 'a', flag: true, obj: { a: [1] }, mixed: { k: 1 }, at: new Date('2024-01-01') },
      { ...empty, int: -2, num: 2.5, word: 'b', flag: false, obj: [1, 'x'], mixed: 'one' },
      { ...empty, big: 9007199254740993n },
      { ...empty, big: 1n },
    ]);
  });

  it('rejects a mix of types that do not widen, naming the column and both lines, as a put does (json before)', async () => {
    const path = jsonl('mixed.jsonl', '{"n": 1}', '', '{"n": null}', '{"n": "one"}');
    await assert.rejects(readRows(path, 'jsonl'), {
      name: 'ValidationError',
      message: /mixed\.jsonl: column "n" mixes integer \(line 1\) and text \(line 4\)$/,
    });
  });

  it('handles a BOM, CRLF, blank lines and unicode keys', async () => {
    const path = folder.write(
      'quirks.jsonl',
      '\uFEFF{"größe": 1, "select": "x"}\r\n\r\n  \r\n{"größe": 2, "select": "y\\nz"}',
    );
    const rows = await readRows(path, 'jsonl');
    assert.deepEqual(await rowsOf(rows), [
      { größe: 1, select: 'x' },
      { größe: 2, select: 'y\nz' },
    ]);
  });

  it('converts values to the stored columns when given', async () => {
    const path = jsonl('append.jsonl', '{"at": "2024-01-01T10:00:00+01:00", "n": 9007199254740993, "f": 3}', '{}');
    const columns: Column[] = [
      { name: 'at', type: 'timestamp' },
      { name: 'n', type: 'bigint' },
      { name: 'f', type: 'float' },
      { name: 'j', type: 'json' },
    ];
    const rows = await readRows(path, 'jsonl', { columns });
    assert.equal(rows.columns, columns);
    assert.deepEqual(await rowsOf(rows), [
      { at: new Date('2024-01-01T09:00:00Z'), n: 9007199254740993n, f: 3, j: null },
      { at: null, n: null, f: null, j: null },
    ]);
  });

  it('rejects a value that does not fit its column, naming line, column and value', async () => {
    const path = jsonl('bad.jsonl', '{"amount": 1}', '', '{"amount": "abc"}');
    await assert.rejects(readRows(path, 'jsonl', { chunkSize: 1 }).then(chunksOf), (error: Error) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /bad\.jsonl: line 3: column "amount" is integer, "abc" is not$/);
      return true;
    });
    const columns: Column[] = [{ name: 'amount', type: 'integer' }];
    await assert.rejects(readRows(path, 'jsonl', { columns }).then(chunksOf), /line 3: column "amount" is integer/);
  });

  it('rejects a key outside the columns, naming its line', async () => {
    const path = jsonl('new-key.jsonl', '{"a": 1}', '{"a": 2, "b": 3}');
    await assert.rejects(readRows(path, 'jsonl', { chunkSize: 1 }).then(chunksOf), {
      name: 'ValidationError',
      message: /line 2: column "b" is not in the first 1 rows \(its columns: a\)/,
    });
    const columns: Column[] = [{ name: 'a', type: 'integer' }];
    await assert.rejects(readRows(path, 'jsonl', { columns }).then(chunksOf), {
      name: 'ValidationError',
      message: /line 2: column "b" is not in the table/,
    });
  });

  it('rejects a line that is not a JSON object, naming it', async () => {
    const cases: [string, RegExp][] = [
      ['{"a": 1', /line 2: not valid JSON/],
      ['[1, 2]', /line 2: expected a JSON object, got an array/],
      ['null', /line 2: expected a JSON object, got null/],
      ['"x"', /line 2: expected a JSON object, got a string/],
    ];
    for (const [index, [line, message]] of cases.entries()) {
      const path = jsonl(`not-object-${index}.jsonl`, '{"a": 1}', line);
      await assert.rejects(readRows(path, 'jsonl').then(chunksOf), { name: 'ValidationError', message });
    }
    await assert.rejects(readRows(jsonl('empty-key.jsonl', '{"": 1}'), 'jsonl'), {
      name: 'ValidationError',
      message: /column 1 has no name/,
    });
  });

  it('refuses a line longer than maxLineBytes, naming file and line, without building it', async () => {
    const fits = `{"a":"${'x'.repeat(1024 - 8)}"}`; // exactly 1024 bytes
    assert.equal(Buffer.byteLength(fits), 1024);
    const path = jsonl('long.jsonl', '{"a":"short"}', fits, `{"a":"${'x'.repeat(1024 - 7)}"}`, '{"a":"after"}');
    const rows = await readRows(path, 'jsonl', { maxLineBytes: 1024, chunkSize: 2 });
    await assert.rejects(rowsOf(rows), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /long\.jsonl: line 3 is longer than 1024 bytes \(the maxLineBytes option\)/);
      return true;
    });
    const gzipped = folder.path('long.jsonl.gz');
    writeFileSync(gzipped, gzipSync(readFileSync(path)));
    await assert.rejects(readRows(gzipped, 'jsonl', { maxLineBytes: 1024 }).then(rowsOf), /line 3 is longer/);
    await assert.rejects(readRows(path, 'jsonl', { maxLineBytes: 0 }), ValidationError);
  });

  it('splits lines at LF, CRLF and CR wherever the bytes are cut', async () => {
    const bytes = Buffer.from('a\r\nb\rc\n\nd');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const chunks = [bytes.subarray(0, cut), bytes.subarray(cut)];
      const lines: string[] = [];
      for await (const line of textLines(chunks, 10, () => new Error('too long'))) lines.push(line);
      assert.deepEqual(lines, ['a', 'b', 'c', '', 'd'], `cut at ${cut}`);
    }
  });

  it('yields chunks of at most chunkSize', async () => {
    const path = jsonl('chunks.jsonl', ...Array.from({ length: 7 }, (_, n) => JSON.stringify({ n })));
    const chunks = await chunksOf(await readRows(path, 'jsonl', { chunkSize: 3 }));
    assert.deepEqual(
      chunks.map((chunk) => chunk.map((row) => row.n)),
      [[0, 1, 2], [3, 4, 5], [6]],
    );
  });

  it('reads an empty file as no columns and no rows', async () => {
    const rows = await readRows(folder.write('empty.jsonl', ''), 'jsonl');
    assert.deepEqual(rows.columns, []);
    assert.deepEqual(await chunksOf(rows), []);
  });
});
