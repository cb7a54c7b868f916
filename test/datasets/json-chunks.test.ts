import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonLine } from '../../src/datasets/io/json-line.js';
import type { TableQuery } from '../../src/datasets/table-query.js';
import type { Row } from '../../src/datasets/types.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

/** Every column type, with the values JSON writes differently: extremes, escapes, ±Infinity, NaN, nulls. */
const ROWS = [
  {
    id: 1,
    big: 2n ** 60n,
    ratio: 1 / 3,
    ok: true,
    "it's": `a "quoted"\nline ☃ 𝄞 \\`,
    at: new Date('0001-01-01T00:00:00.000Z'),
    doc: { a: [1, { b: null }] },
  },
  { id: -2, big: -(2n ** 62n), ratio: 1e21, ok: false, "it's": '', at: new Date(-1500), doc: [1, 'x'] },
  { id: 3, big: 5n, ratio: -0, ok: null, "it's": null, at: new Date('9999-12-31T23:59:59.999Z'), doc: null },
  { id: null, big: null, ratio: Number.POSITIVE_INFINITY, ok: true, "it's": 'x', at: null, doc: 'text' },
  { id: 5, big: 0n, ratio: Number.NEGATIVE_INFINITY, ok: false, "it's": 'y', at: new Date(1), doc: 7 },
  { id: 6, big: 1n, ratio: Number.NaN, ok: true, "it's": 'z', at: new Date(1704067200123), doc: true },
  { id: 7, big: 2n, ratio: 5e-324, ok: true, "it's": 'w', at: new Date(0), doc: {} },
  { id: 8, big: 3n, ratio: 0.1 + 0.2, ok: false, "it's": 'v', at: new Date(-62135596800000 + 1), doc: [] },
];

/** A row as JSON gives it back: a timestamp its ISO text, NaN and ±Infinity null, a safe bigint a number. */
function asJson(row: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (value instanceof Date) out[key] = value.toISOString();
    else if (typeof value === 'bigint') out[key] = Number.isSafeInteger(Number(value)) ? Number(value) : value;
    else if (typeof value === 'number' && !Number.isFinite(value)) out[key] = null;
    else out[key] = value;
  }
  return out;
}

async function texts(query: TableQuery, size = 3): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of query.jsonChunks(size)) {
    assert.ok(chunk.length <= size);
    all.push(...chunk);
  }
  return all;
}

/** Each text parsed (bigints past 2^53 exact), against the query's rows as JSON. */
async function assertSameRows(query: TableQuery): Promise<string[]> {
  const lines = await texts(query);
  const rows = await query.toArray();
  assert.deepEqual(lines.map(parseJsonLine), rows.map(asJson));
  for (const [i, line] of lines.entries()) {
    assert.deepEqual(Object.keys(JSON.parse(line)), Object.keys(rows[i] as Row), 'keys in column order');
  }
  return lines;
}

for (const engine of ENGINES) {
  describe(`rows as JSON object texts: jsonChunks (${engine})`, () => {
    const t = suiteContext(engine, async (om) => {
      await om.datasets.put(ROWS, 'values');
      const wide = Array.from({ length: 3 }, (_, r) =>
        Object.fromEntries(Array.from({ length: 260 }, (_, c) => [`c${c}`, r * 1000 + c + 0.5])),
      );
      await om.datasets.put(wide, 'wide');
      await om.datasets.put([{ 'a\'b\\c"d': 1, "'); drop table omega_metadata; --": 'x' }], 'odd-names');
    });

    it('writes every type as JSON.parse gives it back, keys in column order', async () => {
      const lines = await assertSameRows(t.om.datasets.getl('values'));
      assert.equal(lines.length, ROWS.length);
      assert.match(lines[0] as string, /"big":1152921504606846976,/, 'a bigint its exact digits');
      assert.match(lines[1] as string, /^\{"id":-2,.*"at":"1969-12-31T23:59:58\.500Z"/);
      // SQLite writes the texts itself: its floats have 17 significant digits (the same doubles).
      if (engine === 'sqlite') assert.match(lines[0] as string, /"ratio":0\.33333333333333332,/);
      else assert.match(lines[0] as string, /"ratio":0\.3333333333333333,/);
    });

    it('follows the query: filter, order, projection and page', async () => {
      const query = t.om.datasets.getl('values').where({ id__gte: 1 }).sort('-id').select('id', 'ratio', 'at');
      const lines = await assertSameRows(query.skip(1).limit(3));
      assert.deepEqual(
        lines.map((line) => (JSON.parse(line) as { id: number }).id),
        [7, 6, 5],
      );
      assert.deepEqual(await texts(t.om.datasets.getl('values').where({ id: 999 })), []);
    });

    it('takes column names as data: quotes, backslashes and SQL in them are only keys', async () => {
      const [line] = await assertSameRows(t.om.datasets.getl('odd-names'));
      assert.deepEqual(JSON.parse(line as string), { 'a\'b\\c"d': 1, "'); drop table omega_metadata; --": 'x' });
      assert.ok(await t.om.datasets.exists('odd-names'));
    });

    it('writes a table wider than one json_object call takes', async () => {
      const lines = await assertSameRows(t.om.datasets.getl('wide'));
      assert.equal(Object.keys(JSON.parse(lines[2] as string)).length, 260);
    });
  });
}
