import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError, type Omega, ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { rawStoreAt } from '../storage/raw.js';

const invalid = (pattern: RegExp) => (error: unknown) =>
  error instanceof ValidationError && pattern.test(error.message) ? true : assert.fail(`unexpected ${String(error)}`);

async function prepare(om: Omega): Promise<void> {
  await om.datasets.put(
    [
      { region: 'EU', amount: 1, 'we"ird; drop table x; --': 'a' },
      { region: 'US', amount: 2, 'we"ird; drop table x; --': 'b' },
    ],
    'sales',
  );
}

for (const engine of ENGINES) {
  describe(`table bad input (${engine})`, () => {
    const t = suiteContext(engine, prepare);
    const get = (name: string, options: Record<string, unknown> = {}) => t.om.datasets.get(name, options);

    it('treats injection attempts in values, column names and dataset names as plain data', async () => {
      assert.deepEqual(await get('sales', { filter: { region: "EU' or '1'='1" } }), []);
      assert.deepEqual(await get('sales', { filter: { region__in: ["') or 1=1 --"] } }), []);
      assert.deepEqual(await get('sales', { filter: { region__contains: "%' or '%'='" } }), []);
      assert.deepEqual(await get('sales', { filter: { 'we"ird; drop table x; --': 'b' }, columns: ['amount'] }), [
        { amount: 2 },
      ]);
      const name = "x'; drop table omega_metadata; --";
      await t.om.datasets.put([{ v: 1 }], name);
      assert.deepEqual(await get(name), [{ v: 1 }]);
      assert.ok((await t.om.datasets.list()).includes('sales'));
    });

    it('rejects unknown columns and operators, naming them', async () => {
      await assert.rejects(get('sales', { filter: { nope: 1 } }), invalid(/unknown column.*"nope"/));
      await assert.rejects(get('sales', { filter: { amount__near: 1 } }), invalid(/unknown operator "near"/));
      await assert.rejects(get('sales', { columns: ['amount', 'ghost'] }), invalid(/unknown column "ghost"/));
      await assert.rejects(get('sales[region,ghost]'), invalid(/unknown column "ghost"/));
      await assert.rejects(get('sales', { sort: ['-ghost'] }), invalid(/sort: unknown column "ghost"/));
      await assert.rejects(get('sales[region]', { columns: ['amount'] }), invalid(/not in the projection/));
    });

    it('rejects ill-typed filter values and malformed filters', async () => {
      await assert.rejects(get('sales', { filter: { amount__gt: 'ten' } }), invalid(/"ten" cannot be compared/));
      await assert.rejects(get('sales', { filter: { region: 5 } }), invalid(/cannot be compared with a text column/));
      await assert.rejects(get('sales', { filter: { region__in: 'EU' } }), invalid(/in takes an array/));
      await assert.rejects(get('sales', { filter: { amount__between: [1] } }), invalid(/between takes \[low, high\]/));
      await assert.rejects(get('sales', { filter: { amount__isnull: 'yes' } }), invalid(/isnull takes true or false/));
      await assert.rejects(
        get('sales', { filter: { amount__contains: '1' } }),
        invalid(/contains needs a text column/),
      );
      await assert.rejects(get('sales', { filter: [['region', 'EU']] }), invalid(/filter must be a plain object/));
      await assert.rejects(get('sales', { limit: -1 }), invalid(/limit must be a non-negative integer/));
      await assert.rejects(get('sales', { as: 'xml' }), invalid(/as must be one of rows, columns, arrow/));
      await assert.rejects(get('sales', { filter: { region__startswith: 'E\u0000' } }), invalid(/NUL character/));
      await assert.rejects(get('sales', { filter: { amount__gt: 2n ** 70n } }), invalid(/beyond 64-bit integers/));
      await assert.rejects(
        t.om.datasets.exportFile('sales', process.stdout, { format: 'xml' as 'csv' }),
        invalid(/format must be one of csv, jsonl, parquet/),
      );
      await assert.rejects(
        t.om.datasets.importFile('x.csv', 'sales', { format: 'xls' as 'csv' }),
        invalid(/format must be one of csv, jsonl, parquet/),
      );
    });

    it('rejects bad lazy queries when they run, or at once when the call itself is malformed', async () => {
      const q = t.om.datasets.getl('sales');
      await assert.rejects(q.where({ ghost: 1 }).count(), invalid(/unknown column/));
      await assert.rejects(
        q
          .groupBy('region')
          .agg({ region: ['sum'] })
          .toArray(),
        invalid(/sum does not apply to text/),
      );
      await assert.rejects(
        q
          .groupBy('region')
          .agg({ amount: ['median' as 'sum'] })
          .toArray(),
        invalid(/unknown function "median"/),
      );
      await assert.rejects(
        q.groupBy('ghost').agg({ amount: 'sum' }).toArray(),
        invalid(/groupBy: unknown column "ghost"/),
      );
      assert.throws(() => q.limit(1.5), ValidationError);
      assert.throws(() => q.sort('region').groupBy('region'), ValidationError);
      await assert.rejects(q.chunks(0).next(), invalid(/chunk size must be at least 1/));
      await assert.rejects(t.om.datasets.getl('missing').count(), NotFoundError);
      await t.om.datasets.put({ a: 1 }, 'config');
      await assert.rejects(t.om.datasets.getl('config').toArray(), invalid(/of kind json; lazy queries need a table/));
      assert.throws(() => t.om.datasets.getl('bad@name'), ValidationError);
    });

    it('rejects mixed types, empty input and values no column can hold, writing nothing', async () => {
      const raw = rawStoreAt(t.om.spec.store);
      const tables = await raw.dataTables();
      await assert.rejects(
        t.om.datasets.put([{ a: 1 }, { a: 'x' }], 'mixed'),
        invalid(/column "a" mixes integer \(row 1\) and text \(row 2\)/),
      );
      await assert.rejects(t.om.datasets.put([], 'empty'), invalid(/empty input/));
      await assert.rejects(t.om.datasets.put([{ f: () => 1 }], 'fn'), invalid(/row 1, column "f": a function/));
      await assert.rejects(t.om.datasets.put([{ d: new Date('nope') }], 'date'), invalid(/invalid Date/));
      await assert.rejects(t.om.datasets.put([{ s: 'a\u0000b' }], 'nul'), invalid(/NUL character/));
      for (const name of ['mixed', 'empty', 'fn', 'date', 'nul']) assert.equal(await t.om.datasets.exists(name), false);
      assert.deepEqual(await raw.dataTables(), tables);
    });

    it('rejects appends that do not fit the stored schema, leaving the table as it was', async () => {
      const before = await get('sales');
      await assert.rejects(
        t.om.datasets.put([{ region: 'EU', amount: 'x', 'we"ird; drop table x; --': 'c' }], 'sales'),
        invalid(/row 1, column "amount": "x" does not fit a integer column/),
      );
      await assert.rejects(
        t.om.datasets.put([{ region: 'EU', amount: 1.5, 'we"ird; drop table x; --': 'c' }], 'sales'),
        invalid(/does not fit a integer column/),
      );
      await assert.rejects(
        t.om.datasets.put([{ region: 'EU', amount: 1 }], 'sales'),
        invalid(/missing column "we\\"ird/),
      );
      await assert.rejects(
        t.om.datasets.put([{ region: 'EU', amount: 1, 'we"ird; drop table x; --': 'c', extra: 1 }], 'sales'),
        invalid(/new column "extra"/),
      );
      assert.deepEqual(await get('sales'), before);
      assert.equal((await t.om.datasets.metadata('sales'))?.kindMeta.rows, 2);
    });

    it('a bad value deep inside a large put writes nothing, on a new table and on an append', async () => {
      const raw = rawStoreAt(t.om.spec.store);
      const tables = await raw.dataTables();
      const rows: Record<string, unknown>[] = Array.from({ length: 60_000 }, (_, i) => ({ i, s: `v${i}` }));
      rows[54_321] = { i: 'oops', s: 'x' };
      await assert.rejects(
        t.om.datasets.put(rows, 'large', { kind: 'table' }),
        invalid(/mixes integer \(row 1\) and text \(row 54322\)/),
      );
      assert.equal(await t.om.datasets.exists('large'), false);
      await t.om.datasets.put([{ i: -1, s: 'first' }], 'large');
      await assert.rejects(t.om.datasets.put(rows, 'large'), invalid(/row 54322, column "i"/));
      assert.deepEqual(await get('large'), [{ i: -1, s: 'first' }]);
      assert.equal((await raw.dataTables()).length, tables.length + 1);
    });
  });
}
