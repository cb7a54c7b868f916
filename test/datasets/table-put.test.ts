import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as arrow from 'apache-arrow';
import { ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { rawStoreAt } from '../storage/raw.js';

const SALES = [
  { region: 'EU', amount: 12.5, units: 3, paid: true, at: new Date('2026-01-02T03:04:05.678Z'), tags: ['a', 'b'] },
  { region: 'US', amount: 7, units: 1, paid: false, at: new Date('2026-02-01T00:00:00Z'), tags: { vip: true } },
  { region: null, amount: null, units: null, paid: null, at: null, tags: null },
];

for (const engine of ENGINES) {
  describe(`table put (${engine})`, () => {
    const t = suiteContext(engine);

    it('stores rows as a typed table with a generated name and gives them back in order', async () => {
      const meta = await t.om.datasets.put(SALES, 'sales');
      assert.equal(meta.kind, 'table');
      assert.match(String(meta.kindMeta.table), /^omega_t_[0-9a-f]{24}$/);
      const columns = meta.kindMeta.columns as { name: string; type: string }[];
      assert.deepEqual(
        columns.map((c) => [c.name, c.type]),
        [
          ['region', 'text'],
          ['amount', 'float'],
          ['units', 'integer'],
          ['paid', 'boolean'],
          ['at', 'timestamp'],
          ['tags', 'json'],
        ],
      );
      assert.equal(meta.kindMeta.rows, 3);
      assert.deepEqual(await t.om.datasets.get('sales'), SALES);
    });

    it('appends to an existing table, and append: false replaces it', async () => {
      await t.om.datasets.put([{ n: 1 }, { n: 2 }], 'appended');
      const meta = await t.om.datasets.put([{ n: 3 }], 'appended');
      assert.equal(meta.kindMeta.rows, 3);
      assert.deepEqual(await t.om.datasets.get('appended'), [{ n: 1 }, { n: 2 }, { n: 3 }]);
      const replaced = await t.om.datasets.put([{ s: 'x' }], 'appended', { append: false });
      assert.deepEqual(await t.om.datasets.get('appended'), [{ s: 'x' }]);
      assert.notEqual(replaced.kindMeta.table, meta.kindMeta.table);
      assert.ok(!(await rawStoreAt(t.om.spec.store).dataTables()).includes(String(meta.kindMeta.table)));
    });

    it('keeps row order over many appends and large inputs', async () => {
      const rows = Array.from({ length: 5000 }, (_, i) => ({ i, s: `row ${i}` }));
      await t.om.datasets.put(rows.slice(0, 2500), 'ordered');
      await t.om.datasets.put(rows.slice(2500), 'ordered');
      assert.deepEqual(await t.om.datasets.get('ordered'), rows);
    });

    it('widens integers to floats, accepts integers into a float column, fills missing keys with null', async () => {
      await t.om.datasets.put([{ x: 1 }, { x: 2.5, y: 'late' }], 'widened');
      const meta = await t.om.datasets.metadata('widened');
      assert.deepEqual(
        ((meta?.kindMeta.columns ?? []) as { type: string }[]).map((c) => c.type),
        ['float', 'text'],
      );
      await t.om.datasets.put([{ x: 3, y: null }], 'widened');
      assert.deepEqual(await t.om.datasets.get('widened'), [
        { x: 1, y: null },
        { x: 2.5, y: 'late' },
        { x: 3, y: null },
      ]);
    });

    it('keeps integers beyond 2^53 exact as bigint', async () => {
      const big = 2n ** 62n + 7n;
      await t.om.datasets.put([{ id: big }, { id: 5 }, { id: -(2n ** 63n) }], 'bigints');
      assert.deepEqual(await t.om.datasets.get('bigints'), [{ id: big }, { id: 5n }, { id: -(2n ** 63n) }]);
      await assert.rejects(t.om.datasets.put([{ id: 2n ** 63n }], 'bigints'), ValidationError);
    });

    it('stores Infinity, and NaN as null (a missing value)', async () => {
      await t.om.datasets.put([{ f: Infinity }, { f: -Infinity }, { f: Number.NaN }, { f: 0.1 }], 'floats');
      assert.deepEqual(await t.om.datasets.get('floats'), [{ f: Infinity }, { f: -Infinity }, { f: null }, { f: 0.1 }]);
    });

    it('stores unicode and SQL-keyword column names, huge strings and strings that look like SQL', async () => {
      const huge = 'é'.repeat(1_000_000);
      const rows = [
        { select: 1, from: "x'; drop table omega_metadata; --", 'ünï 𝄞': 'ok', 'a"b': huge },
        { select: 2, from: 'line\nbreak\ttab\\slash', 'ünï 𝄞': '%_', 'a"b': '' },
      ];
      await t.om.datasets.put(rows, 'strange');
      const back = (await t.om.datasets.get('strange')) as typeof rows;
      assert.ok(back[0]?.['a"b'] === huge, 'the huge string comes back whole');
      assert.deepEqual(
        back.map((r) => ({ ...r, 'a"b': r['a"b'].length })),
        rows.map((r) => ({ ...r, 'a"b': r['a"b'].length })),
      );
      assert.deepEqual(await t.om.datasets.list(), (await t.om.datasets.list()).sort());
      assert.ok(await t.om.datasets.exists('sales'));
    });

    it('round-trips an Arrow table in and out', async () => {
      const table = new arrow.Table({
        id: arrow.vectorFromArray([1n, 2n, null], new arrow.Int64()),
        score: arrow.vectorFromArray([0.5, null, 2], new arrow.Float64()),
        name: arrow.vectorFromArray(['a', 'b', null], new arrow.Utf8()),
        ok: arrow.vectorFromArray([true, null, false], new arrow.Bool()),
        at: arrow.vectorFromArray([0, 86_400_000, null], new arrow.TimestampMillisecond('UTC')),
      });
      const meta = await t.om.datasets.put(table, 'arrow', { append: false });
      assert.equal(meta.kind, 'table');
      assert.deepEqual(await t.om.datasets.get('arrow'), [
        { id: 1, score: 0.5, name: 'a', ok: true, at: new Date(0) },
        { id: 2, score: null, name: 'b', ok: null, at: new Date(86_400_000) },
        { id: null, score: 2, name: null, ok: false, at: null },
      ]);
      const out = (await t.om.datasets.get('arrow', { as: 'arrow' })) as arrow.Table;
      assert.equal(out.numRows, 3);
      assert.deepEqual(
        out.schema.fields.map((f) => String(f.type)),
        ['Int64', 'Float64', 'Utf8', 'Bool', 'Timestamp<MILLISECOND, UTC>'],
      );
      assert.deepEqual([...(out.getChild('name') as arrow.Vector)], ['a', 'b', null]);
      assert.equal((out.getChild('id') as arrow.Vector).get(1), 2n);
    });

    it('indexes the columns named in index', async () => {
      const meta = await t.om.datasets.put([{ k: 'a', v: 1 }], 'indexed', { index: ['k'] });
      assert.deepEqual(meta.kindMeta.indexes, ['k']);
      await assert.rejects(
        t.om.datasets.put([{ k: 'b', v: 2 }], 'indexed', { index: ['nope'] }),
        /index: unknown column "nope"/,
      );
    });

    it('a put with replace, or a put of another kind, drops the table', async () => {
      const raw = rawStoreAt(t.om.spec.store);
      const before = await raw.dataTables();
      await t.om.datasets.put([{ a: 1 }], 'kinds');
      assert.equal((await raw.dataTables()).length, before.length + 1);
      await t.om.datasets.put({ not: 'a table' }, 'kinds');
      assert.deepEqual(await raw.dataTables(), before);
      assert.deepEqual(await t.om.datasets.get('kinds'), { not: 'a table' });
      await t.om.datasets.put([{ b: 'x' }], 'kinds');
      await t.om.datasets.put([{ c: true }], 'kinds', { replace: true });
      assert.deepEqual(await t.om.datasets.get('kinds'), [{ c: true }]);
      assert.equal((await raw.dataTables()).length, before.length + 1);
      assert.equal(await t.om.datasets.drop('kinds'), true);
      assert.equal(await t.om.datasets.exists('kinds'), false);
      assert.deepEqual(await raw.dataTables(), before);
    });
  });
}
