import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Omega } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

const ROWS = [
  { id: 1, region: 'EU', amount: 12.5, paid: true, at: new Date('2026-01-01T00:00:00Z'), note: '100%' },
  { id: 2, region: 'US', amount: 3, paid: false, at: new Date('2026-01-02T00:00:00Z'), note: 'a_b' },
  { id: 3, region: 'EU', amount: 7.25, paid: true, at: new Date('2026-01-03T00:00:00Z'), note: 'ab' },
  { id: 4, region: 'APAC', amount: null, paid: null, at: null, note: null },
  { id: 5, region: 'eu', amount: 20, paid: false, at: new Date('2026-01-05T00:00:00Z'), note: 'Abc' },
];

const ids = (rows: unknown) => (rows as { id: number }[]).map((r) => r.id);

async function prepare(om: Omega): Promise<void> {
  await om.datasets.put(ROWS, 'sales');
}

for (const engine of ENGINES) {
  describe(`table get and filters (${engine})`, () => {
    const t = suiteContext(engine, prepare);
    const filtered = async (filter: Record<string, unknown>) => ids(await t.om.datasets.get('sales', { filter }));

    it('supports every filter operator', async () => {
      assert.deepEqual(await filtered({ region: 'EU' }), [1, 3]);
      assert.deepEqual(await filtered({ region__eq: 'EU' }), [1, 3]);
      assert.deepEqual(await filtered({ region__ne: 'EU' }), [2, 4, 5]);
      assert.deepEqual(await filtered({ amount__lt: 7.25 }), [2]);
      assert.deepEqual(await filtered({ amount__lte: 7.25 }), [2, 3]);
      assert.deepEqual(await filtered({ amount__gt: 12.5 }), [5]);
      assert.deepEqual(await filtered({ amount__gte: 12.5 }), [1, 5]);
      assert.deepEqual(await filtered({ region__in: ['EU', 'US'] }), [1, 2, 3]);
      assert.deepEqual(await filtered({ region__in: [] }), []);
      assert.deepEqual(await filtered({ region__nin: ['EU', 'US'] }), [4, 5]);
      assert.deepEqual(await filtered({ amount__between: [3, 12.5] }), [1, 2, 3]);
      assert.deepEqual(await filtered({ note__contains: '%' }), [1]);
      assert.deepEqual(await filtered({ note__contains: '_' }), [2]);
      assert.deepEqual(await filtered({ note__startswith: 'a' }), [2, 3]);
      assert.deepEqual(await filtered({ note__startswith: 'A' }), [5]);
      assert.deepEqual(await filtered({ note__endswith: 'b' }), [2, 3]);
      assert.deepEqual(await filtered({ note__endswith: '' }), [1, 2, 3, 5]);
      assert.deepEqual(await filtered({ amount__isnull: true }), [4]);
      assert.deepEqual(await filtered({ amount__isnull: false }), [1, 2, 3, 5]);
      assert.deepEqual(await filtered({ amount: null }), [4]);
    });

    it('filters booleans, timestamps (Date or ISO text with an offset) and integers with fractions', async () => {
      assert.deepEqual(await filtered({ paid: true }), [1, 3]);
      assert.deepEqual(await filtered({ paid__in: [false] }), [2, 5]);
      assert.deepEqual(await filtered({ at__gte: new Date('2026-01-03T00:00:00Z') }), [3, 5]);
      assert.deepEqual(await filtered({ at__lt: '2026-01-02T01:00:00+02:00' }), [1]);
      assert.deepEqual(await filtered({ at__in: ['2026-01-02T00:00:00Z'] }), [2]);
      assert.deepEqual(await filtered({ id__gt: 2.5 }), [3, 4, 5]);
      assert.deepEqual(await filtered({ id__gt: 2.5, region: 'EU' }), [3]);
    });

    it('selects columns, sorts (nulls last, ties in row order), limits and offsets', async () => {
      const rows = await t.om.datasets.get('sales', { columns: ['id', 'amount'], sort: ['-amount'], limit: 3 });
      assert.deepEqual(rows, [
        { id: 5, amount: 20 },
        { id: 1, amount: 12.5 },
        { id: 3, amount: 7.25 },
      ]);
      assert.deepEqual(ids(await t.om.datasets.get('sales', { sort: ['amount'] })), [2, 3, 1, 5, 4]);
      assert.deepEqual(ids(await t.om.datasets.get('sales', { sort: ['region', '-id'] })), [4, 3, 1, 2, 5]);
      assert.deepEqual(ids(await t.om.datasets.get('sales', { offset: 3 })), [4, 5]);
      assert.deepEqual(ids(await t.om.datasets.get('sales', { offset: 1, limit: 2 })), [2, 3]);
    });

    it('projects with name[a,b] and returns columns with as: columns', async () => {
      assert.deepEqual(await t.om.datasets.get('sales[region,id]', { as: 'columns', filter: { id__lte: 2 } }), {
        region: ['EU', 'US'],
        id: [1, 2],
      });
      assert.deepEqual(await t.om.datasets.get('sales[id,region]', { columns: ['id'], limit: 1 }), [{ id: 1 }]);
    });
  });

  describe(`lazy queries (${engine})`, () => {
    const t = suiteContext(engine, prepare);

    it('is immutable: each method returns a new query', async () => {
      const base = t.om.datasets.getl('sales');
      const eu = base.where({ region: 'EU' });
      assert.equal(await base.count(), 5);
      assert.equal(await eu.count(), 2);
      assert.equal(await eu.where({ amount__gt: 10 }).count(), 1);
      assert.equal(await eu.count(), 2);
    });

    it('selects, sorts, limits, skips and counts in the database', async () => {
      const q = t.om.datasets.getl('sales').where({ amount__isnull: false }).select('id').sort('-id');
      assert.deepEqual(await q.toArray(), [{ id: 5 }, { id: 3 }, { id: 2 }, { id: 1 }]);
      assert.deepEqual(await q.skip(1).limit(2).toArray(), [{ id: 3 }, { id: 2 }]);
      assert.equal(await q.skip(1).limit(2).count(), 2);
      assert.deepEqual(await t.om.datasets.getl('sales[id]').limit(1).toColumns(), { id: [1] });
    });

    it('streams chunks of rows', async () => {
      const chunks: number[][] = [];
      for await (const chunk of t.om.datasets.getl('sales').sort('-id').chunks(2)) chunks.push(ids(chunk));
      assert.deepEqual(chunks, [[5, 4], [3, 2], [1]]);
      const first: number[] = [];
      for await (const chunk of t.om.datasets.getl('sales').chunks(3)) {
        first.push(...ids(chunk));
        break;
      }
      assert.deepEqual(first, [1, 2, 3]);
      assert.equal(await t.om.datasets.getl('sales').count(), 5, 'an abandoned iteration leaves the engine usable');
    });

    it('chunks of a large table cover every row once, in order', async () => {
      const rows = Array.from({ length: 25_000 }, (_, i) => ({ i }));
      await t.om.datasets.put(rows, 'large');
      let next = 0;
      for await (const chunk of t.om.datasets.getl('large').chunks(4096)) {
        assert.ok(chunk.length <= 4096);
        for (const row of chunk) assert.equal(row.i, next++);
      }
      assert.equal(next, 25_000);
    });

    it('groups and aggregates in the database', async () => {
      const rows = await t.om.datasets
        .getl('sales')
        .groupBy('region')
        .agg({ amount: ['sum', 'mean', 'min', 'max', 'count', 'std'], id: 'count' })
        .toArray();
      assert.deepEqual(
        rows.map((r) => [
          r.region,
          r.amount_sum,
          r.amount_mean,
          r.amount_min,
          r.amount_max,
          r.amount_count,
          r.id_count,
        ]),
        [
          ['APAC', null, null, null, null, 0, 1],
          ['EU', 19.75, 9.875, 7.25, 12.5, 2, 2],
          ['US', 3, 3, 3, 3, 1, 1],
          ['eu', 20, 20, 20, 20, 1, 1],
        ],
      );
      const eu = rows.find((r) => r.region === 'EU');
      assert.ok(
        Math.abs((eu?.amount_std as number) - Math.sqrt(((12.5 - 9.875) ** 2 + (7.25 - 9.875) ** 2) / 1)) < 1e-9,
      );
      const filtered = await t.om.datasets
        .getl('sales')
        .where({ paid: true })
        .groupBy('paid')
        .agg({ at: ['min', 'max'] })
        .toArray();
      assert.deepEqual(filtered, [
        { paid: true, at_min: new Date('2026-01-01T00:00:00Z'), at_max: new Date('2026-01-03T00:00:00Z') },
      ]);
    });

    it('a filtered count over many rows runs in the database', async () => {
      const rows = Array.from({ length: 20_000 }, (_, i) => ({ i, tag: i % 3 === 0 ? 'x' : 'y' }));
      await t.om.datasets.put(rows, 'counted');
      assert.equal(await t.om.datasets.getl('counted').where({ tag: 'x', i__lt: 3000 }).count(), 1000);
    });
  });
}
