// Bundle promotion is atomic (API.md §14): a process SIGKILLed while the bundle streams into the
// target leaves the target as it was, and readers of the target never see the new model without
// its new data.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Omega } from '../../src/index.js';
import {
  type ContextPair,
  CROSS_PAIRS,
  openPair,
  PAIRS,
  pairName,
  raw,
  trainedTree,
  versionOf,
} from '../promotion/pairs.js';
import { type Fixture, reap, runFixture } from '../storage/children.js';

const KILL_PAIRS = CROSS_PAIRS.length > 0 ? CROSS_PAIRS : PAIRS;
/** Several stream chunks: the child freezes after the first, mid-transaction. */
const BIG_ROWS = 5_000;
const SMALL = [{ a: 1 }, { a: 2 }];

/** A dev model trained (as its record says) on `small` (X) and `big` (Y), with both stored. */
async function modelWithData(dev: Omega, bigRows: number): Promise<string> {
  await dev.datasets.put(SMALL, 'small');
  await dev.datasets.put(
    Array.from({ length: bigRows }, (_, i) => ({ n: i })),
    'big',
  );
  const at = (name: string) => ({ context: 'dev', bucket: 'default', name, revision: 1 });
  const meta = await dev.models.put(trainedTree(60), 'm', { trainedOn: { X: at('small'), Y: at('big') } });
  return versionOf(meta);
}

interface Seen {
  small: unknown;
  big: unknown;
  model: string | null;
}

/** What a reader of prod sees, read one by one in the order the bundle writes them (small, big, model). */
async function observe(prod: Omega): Promise<Seen> {
  const small = (await prod.datasets.metadata('small'))?.kindMeta.revision;
  const big = (await prod.datasets.metadata('big'))?.kindMeta.revision;
  const model = await prod.models.metadata('m');
  return { small, big, model: model ? versionOf(model) : null };
}

/** Whether a reader saw one member new and a member read after it old: never so when they commit together. */
function torn(seen: Seen, old: Seen, promoted: string): boolean {
  const fresh = [seen.small !== old.small, seen.big !== undefined, seen.model === promoted];
  return fresh.some((isNew, i) => isNew && fresh.slice(i + 1).some((later) => !later));
}

for (const pair of KILL_PAIRS) {
  describe(`killed bundle promotion (${pairName(pair)})`, () => {
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

    it('SIGKILL while the bundle streams (a member already written) leaves the target unchanged; the next promotion goes through', {
      timeout: 120_000,
    }, async () => {
      const { dev, prod, prodLocation } = ctx;
      await modelWithData(dev, BIG_ROWS);
      await prod.datasets.put([{ a: 0 }], 'small');
      const before = {
        small: await prod.datasets.metadata('small'),
        tables: await raw(prodLocation).dataTables(),
        models: await prod.models.promotions(),
        datasets: await prod.datasets.promotions(),
      };

      // Frozen once `small` is written and `big` streams: the kill hits a half-written bundle.
      child = runFixture('promotion/promote-bundle.ts', [ctx.home, 'dev', 'prod', 'm', String(SMALL.length)]);
      const progress = await child.waitFor('PROGRESS');
      assert.ok(Number(progress.split(' ')[1]) > SMALL.length, `frozen while big streams: ${progress}`);
      child.process.kill('SIGKILL');
      const exit = await child.exited;
      assert.equal(exit.signal, 'SIGKILL', child.describe(exit));
      assert.ok(!child.lines.includes('DONE'), 'the promotion must not have completed');

      const fresh = await ctx.open('prod');
      assert.deepEqual(await fresh.datasets.metadata('small'), before.small, 'the member written first is not there');
      assert.deepEqual(await fresh.datasets.get('small'), [{ a: 0 }]);
      assert.equal(await fresh.datasets.exists('big'), false);
      assert.equal(await fresh.models.exists('m'), false);
      assert.deepEqual(await raw(prodLocation).dataTables(), before.tables, 'no leftover omega_t_ table');
      assert.deepEqual(await fresh.models.promotions(), before.models);
      assert.deepEqual(await fresh.datasets.promotions(), before.datasets);

      const result = await dev.models.promote('m', prod.models, { with: 'datasets' });
      assert.equal(result.members?.length, 3);
      assert.equal(await fresh.datasets.getl('big').count(), BIG_ROWS);
      assert.deepEqual(await fresh.datasets.get('small'), SMALL);
    });
  });
}

for (const pair of PAIRS) {
  describe(`readers during a bundle promotion (${pairName(pair)})`, () => {
    let ctx: ContextPair;
    beforeEach(async () => {
      ctx = await openPair(pair);
    });
    afterEach(async () => {
      await ctx.close();
    });

    it('see all members of the bundle old or all new, never some', {
      timeout: 60_000,
    }, async () => {
      const { dev, prod } = ctx;
      await prod.models.put(trainedTree(30), 'm');
      await prod.datasets.put([{ a: 0 }], 'small');
      const old = await observe(prod);
      const promoted = await modelWithData(dev, 20_000);
      const reader = await ctx.open('prod');

      let done = false;
      const seen: Seen[] = [];
      const reading = (async () => {
        while (!done) {
          const now = await observe(reader);
          seen.push(now);
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      const result = await dev.models.promote('m', prod.models, { with: 'datasets' });
      done = true;
      await reading;
      seen.push(await observe(reader));

      assert.equal(result.dryRun, false);
      assert.deepEqual(
        seen.filter((s) => torn(s, old, promoted)),
        [],
        'a reader saw a member of the bundle before another',
      );
      assert.ok(
        seen.every((s) => s.model === old.model || s.model === promoted),
        'only the old and the new version are ever seen',
      );
      assert.deepEqual(seen.at(-1), { small: (old.small as number) + 1, big: 1, model: promoted });
    });
  });
}
