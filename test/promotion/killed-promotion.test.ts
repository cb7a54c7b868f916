// A process killed (SIGKILL) while it streams a 1,000,000-row table into another context leaves
// the target exactly as it was: the previous rows readable, no stray omega_t_ table, no ledger
// record; and the next promotion goes through.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type Fixture, reap, runFixture } from '../storage/children.js';
import { type ContextPair, CROSS_PAIRS, openPair, PAIRS, pairName, raw } from './pairs.js';

/** SQLite → PostgreSQL and back when PostgreSQL is there; else SQLite → SQLite. */
const KILL_PAIRS = CROSS_PAIRS.length > 0 ? CROSS_PAIRS : PAIRS;
const ROWS = 1_000_000;
const BEFORE = [
  { n: -2, s: 'prod' },
  { n: -1, s: 'prod' },
];

for (const pair of KILL_PAIRS) {
  describe(`killed cross-context promotion (${pairName(pair)})`, () => {
    let ctx: ContextPair;
    let child: Fixture | undefined;
    beforeEach(async () => {
      ctx = await openPair(pair);
      child = undefined;
    });
    afterEach(async () => {
      reap(child);
      await child?.exited;
      await ctx.close();
    });

    it('SIGKILL in the middle of streaming leaves the target unchanged and readable', {
      timeout: 120_000,
    }, async () => {
      const { dev, prod, prodLocation } = ctx;
      await dev.datasets.put(
        Array.from({ length: ROWS }, (_, i) => ({ n: i, s: `dev ${i}` })),
        'big',
      );
      await prod.datasets.put(BEFORE, 'big', { attributes: { stage: 'prod' } });
      const meta = await prod.datasets.metadata('big');
      const tables = await raw(prodLocation).dataTables();
      const ledger = await prod.datasets.promotions();

      child = runFixture('promotion/promote-table.ts', [ctx.home, 'dev', 'prod', 'big']);
      await child.waitFor('PROGRESS');
      child.process.kill('SIGKILL');
      const exit = await child.exited;
      assert.equal(exit.signal, 'SIGKILL', child.describe(exit));
      assert.ok(!child.lines.includes('DONE'), 'the promotion must not have completed');

      assert.deepEqual(await prod.datasets.metadata('big'), meta);
      assert.deepEqual(await prod.datasets.get('big'), BEFORE);
      assert.deepEqual(await raw(prodLocation).dataTables(), tables, 'no leftover omega_t_ table');
      assert.deepEqual(await prod.datasets.promotions(), ledger);
      const fresh = await ctx.open('prod');
      assert.deepEqual(await fresh.datasets.get('big'), BEFORE, 'a new reader sees the previous rows');

      const result = await dev.datasets.promote('big', prod.datasets);
      assert.equal(result.plan.action, 'replace');
      assert.equal(await fresh.datasets.getl('big').count(), ROWS);
      assert.deepEqual(await fresh.datasets.get('big', { sort: ['-n'], limit: 1 }), [
        { n: ROWS - 1, s: `dev ${ROWS - 1}` },
      ]);
      assert.equal((await raw(prodLocation).dataTables()).length, tables.length);
      assert.equal((await prod.datasets.promotions()).length, ledger.length + 1);
    });
  });
}
