// A dataset whose SQL table was dropped behind the store's back (its metadata still names it) is
// an IntegrityError naming the dataset on every read and on promotion, never a raw driver error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntegrityError, type Omega, setup } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { rawStoreAt } from '../storage/raw.js';

const SALES = [
  { region: 'EU', amount: 12.5 },
  { region: 'US', amount: 3 },
];

function damaged(error: unknown): boolean {
  assert.ok(error instanceof IntegrityError, `an IntegrityError, not ${String(error)}`);
  assert.match(error.message, /data\/sales \(bucket default\).*omega_t_[0-9a-f]+ is missing/);
  return true;
}

for (const engine of ENGINES) {
  describe(`a dataset whose table is missing (${engine})`, () => {
    const t = suiteContext(engine, async (om) => {
      await om.datasets.put(SALES, 'sales');
      const table = (await om.datasets.metadata('sales'))?.kindMeta.table;
      await rawStoreAt(om.spec.store).dropTable(String(table));
    });

    it('get and getl are an IntegrityError naming the dataset', async () => {
      await assert.rejects(t.om.datasets.get('sales'), damaged);
      await assert.rejects(t.om.datasets.get('sales', { filter: { region: 'EU' } }), damaged);
      await assert.rejects(t.om.datasets.getl('sales').toArray(), damaged);
      await assert.rejects(t.om.datasets.getl('sales').count(), damaged);
      await assert.rejects(t.om.datasets.getl('sales').groupBy('region').agg({ amount: 'sum' }).toArray(), damaged);
      await assert.rejects(async () => {
        for await (const _ of t.om.datasets.getl('sales').chunks(10)) assert.fail('no rows');
      }, damaged);
    });

    it('a promotion inside the database and across databases is an IntegrityError, the target untouched', async () => {
      const prod = t.om.bucket('prod');
      await assert.rejects(t.om.datasets.promote('sales', prod.datasets), damaged);
      assert.equal(await prod.datasets.metadata('sales'), null);
      const other: Omega = await setup(t.site.context('other'));
      try {
        await assert.rejects(t.om.datasets.promote('sales', other.datasets), damaged);
        assert.equal(await other.datasets.metadata('sales'), null);
      } finally {
        await other.close();
      }
    });
  });
}
