import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { rawStoreAt } from '../storage/raw.js';

const invalid = (pattern: RegExp) => (error: unknown) =>
  error instanceof ValidationError && pattern.test(error.message) ? true : assert.fail(`unexpected ${String(error)}`);

/** The same data as JS rows, JSON lines and CSV. */
const PUT_ROWS = [
  {
    id: 1,
    big: 2n ** 60n,
    ratio: 1,
    ok: true,
    name: 'a',
    at: new Date('2024-01-02T03:04:05Z'),
    day: new Date('2024-01-02T00:00:00Z'), // a Date makes the column a timestamp; ISO texts then fit it
    doc: { a: [1] },
    score: Number.NaN,
  },
  {
    id: 2,
    big: 5,
    ratio: 2.5,
    ok: false,
    name: '2024-01-01',
    at: '2024-01-03T00:00:00+01:00',
    day: '2024-01-03',
    doc: [1, 'x'],
    score: 1.5,
  },
  { id: null, big: null, ratio: null, ok: null, name: null, at: null, day: null, doc: null, score: null },
];

const JSONL = [
  '{"id": 1, "big": 1152921504606846976, "ratio": 1, "ok": true, "name": "a", "at": "2024-01-02T03:04:05Z", "day": "2024-01-02", "doc": {"a": [1]}, "score": null}',
  '{"id": 2, "big": 5, "ratio": 2.5, "ok": false, "name": "2024-01-01", "at": "2024-01-03T00:00:00+01:00", "day": "2024-01-03", "doc": [1, "x"], "score": 1.5}',
  '{}',
].join('\n');

const CSV = [
  'id,big,ratio,ok,name,at,day,doc,score',
  '1,1152921504606846976,1,true,a,2024-01-02T03:04:05Z,2024-01-02,"{""a"":[1]}",NaN',
  '2,5,2.5,false,2024-01-01,2024-01-03T00:00:00+01:00,2024-01-03,"[1,""x""]",1.5',
  ',,,,,,,,',
].join('\n');

const TYPES = [
  ['id', 'integer'],
  ['big', 'bigint'],
  ['ratio', 'float'],
  ['ok', 'boolean'],
  ['name', 'text'],
  ['at', 'timestamp'],
  ['day', 'timestamp'],
  ['doc', 'json'],
  ['score', 'float'],
];

const STORED = [
  {
    id: 1,
    big: 2n ** 60n,
    ratio: 1,
    ok: true,
    name: 'a',
    at: new Date('2024-01-02T03:04:05Z'),
    day: new Date('2024-01-02T00:00:00Z'),
    doc: { a: [1] },
    score: null,
  },
  {
    id: 2,
    big: 5n,
    ratio: 2.5,
    ok: false,
    name: '2024-01-01',
    at: new Date('2024-01-02T23:00:00Z'),
    day: new Date('2024-01-03T00:00:00Z'),
    doc: [1, 'x'],
    score: 1.5,
  },
  { id: null, big: null, ratio: null, ok: null, name: null, at: null, day: null, doc: null, score: null },
];

for (const engine of ENGINES) {
  describe(`table value typing (${engine})`, () => {
    const t = suiteContext(engine);
    const file = (name: string, text: string) => {
      const path = join(t.site.home, name);
      writeFileSync(path, text);
      return path;
    };
    const types = async (name: string) => {
      const columns = (await t.om.datasets.metadata(name))?.kindMeta.columns as { name: string; type: string }[];
      return columns.map((c) => [c.name, c.type]);
    };

    it('types the same data alike whether put as rows, imported from JSON lines or from CSV', async () => {
      await t.om.datasets.put(PUT_ROWS, 'same/put');
      await t.om.datasets.importFile(file('same.jsonl', JSONL), 'same/jsonl');
      await t.om.datasets.importFile(file('same.csv', CSV), 'same/csv');
      for (const name of ['same/put', 'same/jsonl', 'same/csv']) {
        assert.deepEqual(await types(name), TYPES, name);
        assert.deepEqual(await t.om.datasets.get(name), STORED, name);
      }
    });

    it('widens as documented: integer + float, integer + bigint, ISO text + text, ISO text + Date, json + scalars', async () => {
      const rows = [
        { f: 1, b: 1, t: '2024-01-01', d: '2024-01-01', j: { a: 1 } },
        { f: 0.5, b: 2n ** 62n, t: 'soon', d: new Date(0), j: 'x' },
        { f: null, b: null, t: null, d: null, j: 2 },
        { f: 2, b: 3, t: 'x', d: null, j: true },
      ];
      await t.om.datasets.put(rows, 'widened');
      assert.deepEqual(await types('widened'), [
        ['f', 'float'],
        ['b', 'bigint'],
        ['t', 'text'],
        ['d', 'timestamp'],
        ['j', 'json'],
      ]);
      assert.deepEqual(await t.om.datasets.get('widened'), [
        { f: 1, b: 1n, t: '2024-01-01', d: new Date('2024-01-01'), j: { a: 1 } },
        { f: 0.5, b: 2n ** 62n, t: 'soon', d: new Date(0), j: 'x' },
        { f: null, b: null, t: null, d: null, j: 2 },
        { f: 2, b: 3n, t: 'x', d: null, j: true },
      ]);
    });

    it('stores NaN as null in every path and column type; a column of NaN alone is float', async () => {
      await t.om.datasets.put(
        [
          { i: 1, s: 'a', n: Number.NaN },
          { i: Number.NaN, s: Number.NaN, n: Number.NaN },
        ],
        'nan',
      );
      assert.deepEqual(await types('nan'), [
        ['i', 'integer'],
        ['s', 'text'],
        ['n', 'float'],
      ]);
      await t.om.datasets.put([{ i: Number.NaN, s: Number.NaN, n: 2 }], 'nan');
      assert.deepEqual(await t.om.datasets.get('nan'), [
        { i: 1, s: 'a', n: null },
        { i: null, s: null, n: null },
        { i: null, s: null, n: 2 },
      ]);
      await t.om.datasets.importFile(file('nan.csv', 'i,s,n\nNaN,NaN,NaN\n'), 'nan');
      assert.deepEqual(((await t.om.datasets.get('nan')) as unknown[]).at(-1), { i: null, s: 'NaN', n: null });
    });

    it('keeps texts put from JavaScript as text; a Date or a JSON lines import of ISO texts makes a timestamp', async () => {
      await t.om.datasets.put([{ at: '2024-01-01T10:00:00+02:00' }], 'texts');
      assert.deepEqual(await types('texts'), [['at', 'text']]);
      assert.deepEqual(await t.om.datasets.get('texts'), [{ at: '2024-01-01T10:00:00+02:00' }]);
      await t.om.datasets.importFile(file('iso-only.jsonl', '{"at": "2024-01-01T10:00:00+02:00"}\n'), 'iso-jsonl');
      assert.deepEqual(await types('iso-jsonl'), [['at', 'timestamp']]);
    });

    it('reads ISO-8601 texts into timestamp columns on put and on append, and filters them', async () => {
      await t.om.datasets.put([{ at: '2024-01-01T10:00:00+02:00' }, { at: new Date('2024-01-01T12:00:00Z') }], 'iso');
      assert.deepEqual(await types('iso'), [['at', 'timestamp']]);
      await t.om.datasets.put([{ at: '2024-01-02' }, { at: new Date('2024-01-03T00:00:00Z') }], 'iso');
      await t.om.datasets.importFile(file('iso.jsonl', '{"at": "2024-01-04T00:00:00Z"}\n'), 'iso');
      assert.deepEqual(await t.om.datasets.get('iso', { filter: { at__gte: '2024-01-02' } }), [
        { at: new Date('2024-01-02T00:00:00Z') },
        { at: new Date('2024-01-03T00:00:00Z') },
        { at: new Date('2024-01-04T00:00:00Z') },
      ]);
      // a filter reads ISO texts by the same rule: without an offset it is UTC, whatever the local zone
      const zone = process.env.TZ;
      process.env.TZ = 'America/New_York';
      try {
        assert.deepEqual(await t.om.datasets.get('iso', { filter: { at: '2024-01-01T08:00' } }), [
          { at: new Date('2024-01-01T08:00:00Z') },
        ]);
      } finally {
        if (zone === undefined) delete process.env.TZ;
        else process.env.TZ = zone;
      }
      await assert.rejects(
        t.om.datasets.get('iso', { filter: { at__gte: 'Jan 2 2024' } }),
        invalid(/"Jan 2 2024" cannot be compared with a timestamp column/),
      );
      await assert.rejects(
        t.om.datasets.put([{ at: '2024-02-30' }], 'iso'),
        invalid(/row 1, column "at": "2024-02-30" does not fit a timestamp column/),
      );
    });

    it('rejects a mix that does not widen on put and on a JSON lines import alike, writing nothing', async () => {
      const raw = rawStoreAt(t.om.spec.store);
      const tables = await raw.dataTables();
      const cases: [Record<string, unknown>[], RegExp][] = [
        [[{ a: 1 }, { a: 'x' }], /column "a" mixes integer \(row 1\) and text \(row 2\)/],
        [[{ a: 1.5 }, { a: 2n ** 60n }], /column "a" mixes float \(row 1\) and bigint \(row 2\)/],
        [[{ a: true }, { a: 0 }], /column "a" mixes boolean \(row 1\) and integer \(row 2\)/],
        [[{ a: new Date(0) }, { a: 'x' }], /column "a" mixes timestamp \(row 1\) and text \(row 2\)/],
        [[{ a: '2024-01-01' }, { a: 7 }], /column "a" mixes text \(row 1\) and integer \(row 2\)/],
        [[{ a: [1] }, { a: new Date(0) }], /column "a" mixes json \(row 1\) and timestamp \(row 2\)/],
      ];
      for (const [rows, message] of cases) await assert.rejects(t.om.datasets.put(rows, 'mixes'), invalid(message));
      await assert.rejects(
        t.om.datasets.importFile(file('mixes.jsonl', '{"a": 1}\n\n{"a": "x"}\n'), 'mixes'),
        invalid(/mixes\.jsonl: column "a" mixes integer \(line 1\) and text \(line 3\)/),
      );
      // every CSV cell is a text: a mix that does not widen is text, not an error
      await t.om.datasets.importFile(file('mixes.csv', 'a\n1\nx\n'), 'mixes-csv');
      assert.deepEqual(await t.om.datasets.get('mixes-csv'), [{ a: '1' }, { a: 'x' }]);
      assert.equal(await t.om.datasets.exists('mixes'), false);
      assert.equal((await raw.dataTables()).length, tables.length + 1);
    });

    it('rejects circular objects with a ValidationError, as a table and as a json dataset', async () => {
      const raw = rawStoreAt(t.om.spec.store);
      const tables = await raw.dataTables();
      const a: Record<string, unknown> = { x: 1 };
      a.self = a;
      await assert.rejects(
        t.om.datasets.put([a], 't'),
        invalid(/^row 1, column "self": \$\.self refers back to \$: a circular structure cannot be stored as JSON$/),
      );
      await assert.rejects(
        t.om.datasets.put(a, 'j'),
        invalid(/^\$\.self refers back to \$: a circular structure cannot be stored as JSON$/),
      );
      const list: unknown[] = [1];
      list.push({ back: list });
      await assert.rejects(
        t.om.datasets.put(
          [
            { ok: 1, v: [0] },
            { ok: 2, v: list },
          ],
          't',
        ),
        invalid(/row 2, column "v": \$\[1\]\.back refers back to \$/),
      );
      await assert.rejects(
        t.om.datasets.put({ list }, 'j', { kind: 'json' }),
        invalid(/\$\.list\[1\]\.back refers back to \$\.list/),
      );
      assert.equal(await t.om.datasets.exists('t'), false);
      assert.equal(await t.om.datasets.exists('j'), false);
      assert.deepEqual(await raw.dataTables(), tables);
    });

    it('checks json cells as the json kind checks its values', async () => {
      await assert.rejects(
        t.om.datasets.put([{ j: { at: new Date(0) } }], 'json-cells'),
        invalid(/row 1, column "j": \$\.at is a Date; only plain objects, arrays and primitives are JSON/),
      );
      await assert.rejects(
        t.om.datasets.put([{ j: [1, Number.POSITIVE_INFINITY] }], 'json-cells'),
        invalid(/row 1, column "j": \$\[1\] is Infinity, which JSON cannot represent/),
      );
      const shared = { n: 1 };
      await t.om.datasets.put([{ j: { a: shared, b: shared } }], 'json-cells');
      assert.deepEqual(await t.om.datasets.get('json-cells'), [{ j: { a: { n: 1 }, b: { n: 1 } } }]);
    });
  });
}
