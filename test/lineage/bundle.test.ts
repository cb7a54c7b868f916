// Bundle promotion (API.md §14): a model with the datasets its fit recorded, every member's
// conditions checked before anything is written, one target transaction, one ledger record per
// member sharing a bundle id; on every engine pair.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConditionFailedError, NotFoundError, ValidationError } from '../../src/index.js';
import { IRIS_ROWS, PAIRS, pairName, pairSuite, trainedTree, untrainedTree } from '../promotion/pairs.js';

for (const pair of PAIRS) {
  describe(`bundle promotion (${pairName(pair)})`, () => {
    const t = pairSuite(pair);

    it('promotes the model and its training data at once, one ledger record each with one bundle id', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(IRIS_ROWS, 'iris');
      await dev.datasets.put([{ w: 1 }], 'weights');
      await dev.models.put(untrainedTree(), 'tree');
      await dev.runtime.model('tree').fit('iris[sl,sw,pl,pw]', 'iris[species]');

      const dry = await dev.models.promote('tree', prod.models, { with: 'datasets', dryRun: true });
      assert.equal(dry.dryRun, true);
      assert.equal(dry.bundle, undefined, 'a dry run records nothing, so it has no bundle id');
      assert.deepEqual(
        dry.members?.map((m) => [m.role, m.plan.target.prefix + m.plan.target.name, m.plan.action]),
        [
          ['model', 'models/tree', 'create'],
          ['dataset', 'data/iris', 'create'],
        ],
      );
      assert.deepEqual(
        dry.conditions.map((c) => [c.name, c.passed]),
        [
          ['fitted', true],
          ['nonEmpty', true],
        ],
      );
      assert.equal(await prod.models.exists('tree'), false, 'a dry run writes nothing');
      assert.equal(await prod.datasets.exists('iris'), false);

      const result = await dev.models.promote('tree', prod.models, { with: 'datasets', message: 'release 1' });
      assert.equal(result.dryRun, false);
      assert.match(result.bundle ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(await prod.datasets.get('iris'), IRIS_ROWS);
      assert.equal(await prod.datasets.exists('weights'), false, 'only the recorded datasets travel');
      assert.equal((await prod.models.metadata('tree'))?.kindMeta.fitted, true);
      const records = [...(await prod.models.promotions('tree')), ...(await prod.datasets.promotions('iris'))];
      assert.equal(records.length, 2);
      assert.ok(records.every((r) => r.bundle === result.bundle && r.message === 'release 1'));
      assert.equal(new Set(records.map((r) => r.at.getTime())).size, 1, 'one transaction, one time');
      assert.deepEqual(
        result.members?.map((m) => m.record?.id),
        records.map((r) => r.id),
      );
      const trainedOn = (await prod.models.metadata('tree'))?.kindMeta.trainedOn as Record<string, unknown>;
      assert.deepEqual(trainedOn.X, {
        context: 'prod',
        bucket: 'default',
        name: 'iris[sl,sw,pl,pw]',
        revision: (await prod.datasets.metadata('iris'))?.kindMeta.revision,
      });
    });

    it('a model fitted before revisions (attributes.dataset only) brings its datasets, their revision unknown', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(IRIS_ROWS, 'legacy-data');
      await dev.models.put(trainedTree(), 'legacy', {
        attributes: { dataset: { X: 'legacy-data[sl,sw,pl,pw]', Y: 'legacy-data[species]' } },
      });
      const result = await dev.models.promote('legacy', prod.models, { with: 'datasets' });
      const member = result.members?.[1];
      assert.equal(member?.plan.target.name, 'legacy-data');
      assert.equal(member?.trainedRevision, null);
      assert.equal(member?.changedSinceFit, null);
      assert.equal(await prod.datasets.getl('legacy-data').count(), IRIS_ROWS.length);
      const lineage = await prod.lineage('models/legacy');
      assert.deepEqual(
        lineage.versions[0]?.trainedOn.map((input) => [input.role, input.revision, input.changed]),
        [
          ['X', null, null],
          ['Y', null, null],
        ],
      );
    });

    it('a failed dataset condition promotes nothing', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put({}, 'empty-x', { kind: 'json' });
      await dev.datasets.put([{ y: 1 }, { y: 2 }], 'labels');
      await dev.models.put(untrainedTree(), 'on-empty');
      // A fit cannot read an empty object as rows: record it as a fit would, to test the condition.
      const tree = (await dev.models.get('on-empty')) as ReturnType<typeof untrainedTree>;
      tree.train(
        [
          [1, 2],
          [3, 4],
        ],
        [1, 2],
      );
      await dev.models.put(tree, 'on-empty', {
        trainedOn: {
          X: { context: 'dev', bucket: 'default', name: 'empty-x', revision: 1 },
          Y: { context: 'dev', bucket: 'default', name: 'labels', revision: 1 },
        },
      });
      const ledger = await prod.models.promotions();
      await assert.rejects(
        dev.models.promote('on-empty', prod.models, { with: 'datasets' }),
        (error: unknown) =>
          error instanceof ConditionFailedError && /nonEmpty: data\/empty-x is empty/.test(error.message),
      );
      assert.equal(await prod.models.exists('on-empty'), false);
      assert.equal(await prod.datasets.exists('labels'), false, 'the member that passed is not written either');
      assert.deepEqual(await prod.models.promotions(), ledger);
    });

    it('names a recorded dataset that no longer exists; with on another store is a ValidationError', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(IRIS_ROWS, 'gone');
      await dev.models.put(untrainedTree(), 'orphan');
      await dev.runtime.model('orphan').fit('gone[sl,sw,pl,pw]', 'gone[species]');
      await dev.datasets.drop('gone');
      await assert.rejects(
        dev.models.promote('orphan', prod.models, { with: 'datasets' }),
        (error: unknown) =>
          error instanceof NotFoundError && /trained on data\/gone, which no longer exists/.test(error.message),
      );
      await assert.rejects(
        dev.datasets.promote('iris', prod.datasets, { with: 'datasets' }),
        (error: unknown) => error instanceof ValidationError && /is for models/.test(error.message),
      );
      await dev.models.put(untrainedTree(), 'never-fitted');
      await assert.rejects(
        dev.models.promote('never-fitted', prod.models, { with: 'datasets' }),
        (error: unknown) => error instanceof ValidationError && /records no training datasets/.test(error.message),
      );
    });
  });
}

describe('bundle promotion under the target config’s conditions', () => {
  const t = pairSuite(PAIRS[0] ?? { source: 'sqlite', target: 'sqlite' }, {
    prodConditions: { datasets: ['fitted'] },
  });

  it('applies the configured conditions of each store to its members, and reports them all in a dry run', async () => {
    const { dev, prod } = t.ctx;
    await dev.datasets.put(IRIS_ROWS, 'iris');
    await dev.models.put(untrainedTree(), 'tree');
    await dev.runtime.model('tree').fit('iris[sl,sw,pl,pw]', 'iris[species]');
    const dry = await dev.models.promote('tree', prod.models, { with: 'datasets', dryRun: true });
    assert.deepEqual(
      dry.members?.map((m) => [m.role, m.conditions.map((c) => `${c.name} ${c.passed}`)]),
      [
        ['model', ['fitted true']],
        ['dataset', ['fitted false', 'nonEmpty true']],
      ],
    );
    await assert.rejects(
      dev.models.promote('tree', prod.models, { with: 'datasets' }),
      (error: unknown) =>
        error instanceof ConditionFailedError && /fitted: data\/iris is not a model/.test(error.message),
    );
    assert.equal(await prod.models.exists('tree'), false);
  });
});
