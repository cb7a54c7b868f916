// Promotion conditions and dry runs (API.md §7): none by default; required by the target
// context's config or by opts.conditions; built-in fitted and nonEmpty; registerCondition;
// a failure refuses the whole promotion and changes nothing; dryRun reports and writes nothing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type ConditionContext,
  ConditionFailedError,
  type Omega,
  type PromotionResult,
  registerCondition,
  ValidationError,
} from '../../src/index.js';
import { type ContextPair, PAIRS, pairName, pairSuite, raw, trainedTree, untrainedTree, versionOf } from './pairs.js';

const seen: ConditionContext[] = [];
registerCondition('test.pass', () => true);
registerCondition('test.fail', () => false);
registerCondition('test.reason', () => 'the model is too small');
registerCondition('test.asyncPass', async () => true);
registerCondition('test.asyncReason', () => Promise.resolve('awaiting sign-off'));
registerCondition('test.throws', () => {
  throw new Error('the checker crashed');
});
registerCondition('test.rejects', () => Promise.reject(new Error('the checker rejected')));
registerCondition('test.spy', (context) => {
  seen.push(context);
  return true;
});

/** Everything a refused promotion must leave as it was in the target. */
async function targetState(ctx: ContextPair, name: string, store: 'models' | 'datasets', om: Omega = ctx.prod) {
  const meta = await om[store].metadata(name);
  return {
    meta,
    data: meta && store === 'datasets' ? await om.datasets.get(name) : null,
    ledger: await om[store].promotions(),
    tables: await raw(ctx.prodLocation).dataTables(),
  };
}

function plainResult(result: PromotionResult): Omit<PromotionResult, 'plan'> {
  const { plan: _plan, ...rest } = result;
  return rest;
}

for (const pair of PAIRS) {
  describe(`promotion conditions (${pairName(pair)})`, () => {
    const t = pairSuite(pair, { prodConditions: { models: ['fitted'], datasets: ['nonEmpty'] } });

    it('none by default: an untrained model goes to another bucket of dev', async () => {
      const { dev } = t.ctx;
      await dev.models.put(untrainedTree(), 'raw');
      const result = await dev.models.promote('raw', dev.bucket('staging').models);
      assert.deepEqual(result.conditions, []);
      assert.equal(await dev.bucket('staging').models.exists('raw'), true);
    });

    it('the target config requires fitted: an untrained model is refused in every bucket, a trained one passes', async () => {
      const { dev, prod } = t.ctx;
      await dev.models.put(untrainedTree(), 'clf');
      await prod.models.put(trainedTree(30), 'clf', { attributes: { keep: true } });
      const before = await targetState(t.ctx, 'clf', 'models');
      await assert.rejects(dev.models.promote('clf', prod.models), (error: Error) => {
        assert.ok(error instanceof ConditionFailedError, String(error));
        assert.match(error.message, /fitted/);
        assert.match(error.message, /not trained/);
        return true;
      });
      await assert.rejects(dev.models.promote('clf', prod.bucket('other').models), ConditionFailedError);
      assert.deepEqual(await targetState(t.ctx, 'clf', 'models'), before, 'nothing changed');
      assert.equal(await prod.bucket('other').models.exists('clf'), false);

      const trained = await dev.models.put(trainedTree(60), 'clf');
      await assert.rejects(dev.models.promote('clf^', prod.models), { code: 'OMEGA_CONDITION_FAILED' });
      const result = await dev.models.promote('clf', prod.models);
      assert.deepEqual(result.conditions, [{ name: 'fitted', passed: true }]);
      assert.deepEqual(result.record?.conditions, [{ name: 'fitted', passed: true }]);
      assert.equal(versionOf(await prod.models.metadata('clf')), versionOf(trained));
    });

    it('the target config requires nonEmpty: a table with rows passes, an empty json list fails', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put([{ a: 1 }], 'rows');
      const passed = await dev.datasets.promote('rows', prod.datasets);
      assert.deepEqual(passed.conditions, [{ name: 'nonEmpty', passed: true }]);

      await dev.datasets.put([], 'rows', { kind: 'json' });
      const before = await targetState(t.ctx, 'rows', 'datasets');
      await assert.rejects(dev.datasets.promote('rows', prod.datasets), ConditionFailedError);
      assert.deepEqual(await targetState(t.ctx, 'rows', 'datasets'), before);
      assert.deepEqual(await prod.datasets.get('rows'), [{ a: 1 }]);
    });

    it('opts.conditions add to the config: built-in, registered, sync and async', async () => {
      const { dev, prod } = t.ctx;
      await dev.models.put(untrainedTree(), 'plain');
      await assert.rejects(
        dev.models.promote('plain', dev.bucket('staging').models, { conditions: ['fitted'] }),
        ConditionFailedError,
      );
      await dev.models.put(trainedTree(60), 'plain');
      const result = await dev.models.promote('plain', prod.models, { conditions: ['test.pass', 'test.asyncPass'] });
      assert.deepEqual(result.conditions, [
        { name: 'fitted', passed: true },
        { name: 'test.pass', passed: true },
        { name: 'test.asyncPass', passed: true },
      ]);
    });

    it('a refusal lists every failed condition with its reason; nothing changes', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put([{ n: 1 }, { n: 2 }], 'guarded');
      await prod.datasets.put([{ n: 0 }], 'guarded', { attributes: { prod: true } });
      const before = await targetState(t.ctx, 'guarded', 'datasets');
      const conditions = ['test.pass', 'test.fail', 'test.reason', 'test.asyncReason', 'test.throws', 'test.rejects'];
      await assert.rejects(dev.datasets.promote('guarded', prod.datasets, { conditions }), (error: Error) => {
        assert.ok(error instanceof ConditionFailedError, String(error));
        for (const pattern of [
          /test\.fail/,
          /test\.reason: the model is too small/,
          /test\.asyncReason: awaiting sign-off/,
          /test\.throws: .*the checker crashed/,
          /test\.rejects: .*the checker rejected/,
        ]) {
          assert.match(error.message, pattern);
        }
        assert.doesNotMatch(error.message, /test\.pass/);
        return true;
      });
      assert.deepEqual(await targetState(t.ctx, 'guarded', 'datasets'), before);

      const dry = await dev.datasets.promote('guarded', prod.datasets, { conditions, dryRun: true });
      assert.deepEqual(
        dry.conditions.map((c) => [c.name, c.passed]),
        [
          ['nonEmpty', true],
          ['test.pass', true],
          ['test.fail', false],
          ['test.reason', false],
          ['test.asyncReason', false],
          ['test.throws', false],
          ['test.rejects', false],
        ],
      );
      assert.equal(dry.conditions.find((c) => c.name === 'test.reason')?.detail, 'the model is too small');
      assert.match(dry.conditions.find((c) => c.name === 'test.throws')?.detail ?? '', /the checker crashed/);
      assert.deepEqual(await targetState(t.ctx, 'guarded', 'datasets'), before);
    });

    it('a condition sees the name, the source metadata and both stores', async () => {
      const { dev, prod } = t.ctx;
      await dev.models.put(trainedTree(60), 'watched', { tag: 'rc' });
      seen.length = 0;
      await dev.models.promote('watched@rc', prod.models, { conditions: ['test.spy'] });
      assert.equal(seen.length, 1);
      const [context] = seen as [ConditionContext];
      assert.equal(context.name, 'watched@rc');
      assert.equal(context.metadata.name, 'watched');
      assert.equal(context.metadata.prefix, 'models/');
      assert.equal(context.source, dev.models);
      assert.equal(context.target, prod.models);
    });

    it('an unknown condition is a ValidationError before anything happens', async () => {
      const { dev, prod } = t.ctx;
      await dev.models.put(trainedTree(60), 'unknown');
      seen.length = 0;
      const before = await targetState(t.ctx, 'unknown', 'models');
      await assert.rejects(
        dev.models.promote('unknown', prod.models, { conditions: ['test.spy', 'no.such.condition'] }),
        (error: Error) => error instanceof ValidationError && /no\.such\.condition/.test(error.message),
      );
      await assert.rejects(
        dev.models.promote('unknown', prod.models, { conditions: ['no.such.condition'], dryRun: true }),
        ValidationError,
      );
      await assert.rejects(
        dev.models.promote('missing', prod.models, { conditions: ['no.such.condition'] }),
        ValidationError,
      );
      assert.equal(seen.length, 0, 'no condition was evaluated');
      assert.deepEqual(await targetState(t.ctx, 'unknown', 'models'), before);
    });

    it('dryRun returns the plan and the conditions, failures included, and writes nothing', async () => {
      const { dev, prod, prodLocation } = t.ctx;
      await dev.models.put(untrainedTree(), 'dry');
      const untrained = await dev.models.promote('dry', prod.models, { dryRun: true });
      assert.deepEqual(plainResult(untrained), {
        metadata: null,
        dryRun: true,
        conditions: [{ name: 'fitted', passed: false, detail: untrained.conditions[0]?.detail }],
        unchanged: false,
      });
      assert.match(untrained.conditions[0]?.detail ?? '', /not trained/);
      assert.equal(untrained.plan.action, 'create');
      assert.equal(untrained.plan.copy, 'stream');
      assert.equal(typeof untrained.plan.bytes, 'number');
      assert.equal(await prod.models.exists('dry'), false);

      const trained = await dev.models.put(trainedTree(60), 'dry');
      await dev.models.promote('dry', prod.models);
      await dev.models.put(trainedTree(30), 'dry');
      const before = await targetState(t.ctx, 'dry', 'models');
      const addVersion = await dev.models.promote('dry', prod.models, { dryRun: true, message: 'not recorded' });
      assert.equal(addVersion.plan.action, 'add-version');
      assert.deepEqual(addVersion.plan.target, { context: 'prod', bucket: 'default', prefix: 'models/', name: 'dry' });
      assert.equal(addVersion.plan.source.context, 'dev');
      assert.deepEqual(await targetState(t.ctx, 'dry', 'models'), before, 'nothing written');
      assert.equal(versionOf(await prod.models.metadata('dry')), versionOf(trained));
      assert.equal((await dev.models.promote('dry', prod.models, { dryRun: true, drop: true })).plan.action, 'replace');

      await dev.datasets.put([{ n: 1 }, { n: 2 }, { n: 3 }], 'dry-table');
      await prod.datasets.put([{ n: 0 }], 'dry-table');
      const tables = await raw(prodLocation).dataTables();
      const table = await dev.datasets.promote('dry-table', prod.datasets, { dryRun: true });
      assert.deepEqual(plainResult(table), {
        metadata: null,
        dryRun: true,
        conditions: [{ name: 'nonEmpty', passed: true }],
        unchanged: false,
      });
      assert.deepEqual(
        { action: table.plan.action, rows: table.plan.rows, copy: table.plan.copy, kind: table.plan.kind },
        { action: 'replace', rows: 3, copy: 'stream', kind: 'table' },
      );
      assert.deepEqual(await prod.datasets.get('dry-table'), [{ n: 0 }]);
      assert.deepEqual(await raw(prodLocation).dataTables(), tables);
      const sql = await dev.datasets.promote('dry-table', dev.bucket('b').datasets, { dryRun: true });
      assert.deepEqual([sql.plan.action, sql.plan.copy], ['create', 'sql']);
      const none = await dev.models.promote('dry', dev.models, { asName: 'dry2', dryRun: true });
      assert.deepEqual([none.plan.action, none.plan.copy], ['create', 'none']);
      assert.deepEqual(await dev.bucket('b').datasets.list(), []);
      assert.equal(await dev.models.exists('dry2'), false);
    });
  });
}

describe('registerCondition', () => {
  it('refuses a bad name or a non-function', () => {
    assert.throws(() => registerCondition('bad name', () => true), ValidationError);
    assert.throws(() => registerCondition('', () => true), ValidationError);
    assert.throws(() => registerCondition('ok', 'not a function' as unknown as () => boolean), ValidationError);
  });
});
