// Promoting models (API.md §7): the target gains a version carrying the promoted one, attributes
// merge, `drop` starts anew; across contexts (every engine pair), buckets and names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConditionFailedError, NotFoundError, ValidationError } from '../../src/index.js';
import type { DecisionTreeClassifier } from '../../src/models/mljs/lib.js';
import {
  type ContextPair,
  ENGINES,
  IRIS_ROWS,
  PAIRS,
  pairName,
  pairSuite,
  SAMPLE_X,
  trainedTree,
  untrainedTree,
  versionOf,
} from './pairs.js';

/** Predictions of a stored model, to compare versions by behaviour. */
async function predictions(store: ContextPair['dev']['models'], name: string): Promise<unknown> {
  return ((await store.get(name)) as DecisionTreeClassifier).predict(SAMPLE_X);
}

async function versions(store: ContextPair['dev']['models'], name: string): Promise<string[]> {
  return (await store.revisions(name)).map((r) => r.version);
}

for (const pair of PAIRS) {
  describe(`model promotion across contexts (${pairName(pair)})`, () => {
    const t = pairSuite(pair);

    it('adds a version carrying the promoted one; the same content twice adds none', async () => {
      const { dev, prod } = t.ctx;
      const first = await dev.models.put(trainedTree(30), 'm1');
      const created = await dev.models.promote('m1', prod.models);
      assert.equal(created.plan.action, 'create');
      assert.equal(created.dryRun, false);
      assert.equal(versionOf(created.metadata), versionOf(first));
      assert.deepEqual(await versions(prod.models, 'm1'), [versionOf(first)]);

      const again = await dev.models.promote('m1', prod.models);
      assert.equal(again.plan.action, 'add-version');
      assert.deepEqual(await versions(prod.models, 'm1'), [versionOf(first)], 'the same content adds no revision');

      const second = await dev.models.put(trainedTree(60), 'm1');
      await dev.models.promote('m1', prod.models);
      assert.deepEqual(await versions(prod.models, 'm1'), [versionOf(first), versionOf(second)]);
      assert.equal((await prod.models.metadata('m1'))?.kindMeta.fitted, true);
      assert.deepEqual(await predictions(prod.models, 'm1'), await predictions(dev.models, 'm1'));
      assert.deepEqual(await predictions(prod.models, 'm1^'), await predictions(dev.models, 'm1^'));
    });

    it('m@tag and m^ promote that version under the base name', async () => {
      const { dev, prod } = t.ctx;
      const a = await dev.models.put(untrainedTree(), 'm2', { tag: 'first' });
      const b = await dev.models.put(trainedTree(60), 'm2');
      await dev.models.put(trainedTree(30), 'm2');

      const byTag = await dev.models.promote('m2@first', prod.models);
      assert.equal(byTag.metadata?.name, 'm2');
      assert.equal(byTag.plan.source.version, versionOf(a));
      assert.equal(versionOf(await prod.models.metadata('m2')), versionOf(a));
      assert.equal((await prod.models.metadata('m2'))?.kindMeta.fitted, false);

      const byStep = await dev.models.promote('m2^', prod.models);
      assert.equal(byStep.plan.source.version, versionOf(b));
      assert.deepEqual(await versions(prod.models, 'm2'), [versionOf(a), versionOf(b)]);
      assert.deepEqual(await predictions(prod.models, 'm2'), await predictions(dev.models, 'm2^'));
      // Issue 11 changed this: a promoted version keeps its tags in the target (they move there).
      assert.equal(versionOf(await prod.models.metadata('m2@first')), versionOf(a), 'the tag came with its version');
    });

    it("merges attributes: the target keeps its own, the source's win", async () => {
      const { dev, prod } = t.ctx;
      await prod.models.put(trainedTree(30), 'm3', { attributes: { owner: 'ops', shared: 'prod' } });
      await dev.models.put(trainedTree(60), 'm3', { attributes: { shared: 'dev', team: 'ds' } });
      const result = await dev.models.promote('m3', prod.models);
      assert.equal(result.plan.action, 'add-version');
      assert.deepEqual(result.metadata?.attributes, { owner: 'ops', shared: 'dev', team: 'ds' });
      assert.deepEqual((await prod.models.metadata('m3'))?.attributes, { owner: 'ops', shared: 'dev', team: 'ds' });
      assert.equal((await prod.models.revisions('m3')).length, 2);
      assert.deepEqual(
        (await dev.models.metadata('m3'))?.attributes,
        { shared: 'dev', team: 'ds' },
        'source unchanged',
      );
    });

    it('drop: true starts the target history anew', async () => {
      const { dev, prod } = t.ctx;
      await prod.models.put(trainedTree(30), 'm4');
      await prod.models.put(trainedTree(45), 'm4');
      const promoted = await dev.models.put(trainedTree(60), 'm4');
      const result = await dev.models.promote('m4', prod.models, { drop: true });
      assert.equal(result.plan.action, 'replace');
      assert.deepEqual(await versions(prod.models, 'm4'), [versionOf(promoted)]);
      assert.equal(await prod.models.exists('m4^'), false);
    });

    it('source and target are independent afterwards', async () => {
      const { dev, prod } = t.ctx;
      const promoted = await dev.models.put(trainedTree(60), 'm5', { attributes: { stage: 'dev' } });
      await dev.models.promote('m5', prod.models);
      await dev.models.put(trainedTree(30), 'm5', { attributes: { stage: 'changed' } });
      assert.deepEqual(await versions(prod.models, 'm5'), [versionOf(promoted)]);
      assert.deepEqual((await prod.models.metadata('m5'))?.attributes, { stage: 'dev' });
      await dev.models.drop('m5');
      assert.deepEqual(await predictions(prod.models, 'm5'), trainedTree(60).predict(SAMPLE_X));
    });

    it('a missing source is a NotFoundError, a store of another prefix a ValidationError; nothing is written', async () => {
      const { dev, prod } = t.ctx;
      await assert.rejects(dev.models.promote('nothing', prod.models), NotFoundError);
      await assert.rejects(dev.models.promote('nothing@v1', prod.models), NotFoundError);
      await dev.models.put(trainedTree(60), 'm6');
      await assert.rejects(dev.models.promote('m6', prod.datasets), ValidationError);
      await assert.rejects(dev.models.promote('m6@nosuchtag', prod.models), NotFoundError);
      await assert.rejects(dev.models.promote('m6', prod.models, { asName: 'bad@name' }), ValidationError);
      assert.equal(await prod.models.exists('m6'), false);
      assert.equal(await prod.datasets.exists('m6'), false);
      assert.deepEqual(await prod.models.promotions('m6'), []);
    });
  });
}

for (const engine of ENGINES) {
  describe(`model promotion inside one context (${engine})`, () => {
    const t = pairSuite({ source: engine, target: engine });

    it('to another bucket: shares the bytes (copy none), adds a version there', async () => {
      const { dev } = t.ctx;
      const meta = await dev.models.put(trainedTree(60), 'b1');
      const result = await dev.models.promote('b1', dev.bucket('live').models);
      assert.equal(result.plan.copy, 'none');
      assert.deepEqual(result.plan.target, { context: 'dev', bucket: 'live', prefix: 'models/', name: 'b1' });
      assert.equal(versionOf(await dev.bucket('live').models.metadata('b1')), versionOf(meta));
      await dev.models.drop('b1');
      assert.deepEqual(await predictions(dev.bucket('live').models, 'b1'), trainedTree(60).predict(SAMPLE_X));
    });

    it('to the same store under asName', async () => {
      const { dev } = t.ctx;
      const meta = await dev.models.put(trainedTree(60), 'b2', { attributes: { a: 1 } });
      const result = await dev.models.promote('b2', dev.models, { asName: 'b2-release' });
      assert.equal(result.metadata?.name, 'b2-release');
      assert.deepEqual(await versions(dev.models, 'b2-release'), [versionOf(meta)]);
      assert.deepEqual((await dev.models.metadata('b2-release'))?.attributes, { a: 1 });
      assert.deepEqual(await versions(dev.models, 'b2'), [versionOf(meta)]);
    });

    it('onto itself without asName is a ValidationError, through any handle of the same store', async () => {
      const { dev } = t.ctx;
      await dev.models.put(trainedTree(60), 'b3');
      await assert.rejects(dev.models.promote('b3', dev.models), ValidationError);
      await assert.rejects(dev.models.promote('b3', dev.bucket('default').models), ValidationError);
      const other = await t.ctx.open('dev');
      await assert.rejects(dev.models.promote('b3', other.models), ValidationError);
      await assert.rejects(dev.models.promote('b3', dev.models, { asName: 'b3' }), ValidationError);
      assert.equal((await dev.models.revisions('b3')).length, 1);
      assert.deepEqual(await dev.models.promotions('b3'), []);
    });
  });
}

// omega|ml's test_promotion_runtime, ported: a model promoted into a context runs there at once.
for (const pair of PAIRS) {
  describe(`promoted models on the target's runtime (${pairName(pair)})`, () => {
    const t = pairSuite(pair, { prodConditions: { models: ['fitted'] } });

    it('is a NotFoundError on the target runtime before promotion and runnable right after it', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(IRIS_ROWS, 'iris');
      await dev.models.put(untrainedTree(), 'clf');
      await assert.rejects(dev.models.promote('clf', prod.models), ConditionFailedError);
      await assert.rejects(prod.runtime.model('clf').predict(SAMPLE_X).result(), NotFoundError);
      await assert.rejects(prod.runtime.model('clf').fit(SAMPLE_X, [0, 0, 1, 1, 2, 2]).result(), NotFoundError);

      const fitted = await dev.runtime.model('clf').fit('iris[sl,sw,pl,pw]', 'iris[species]');
      assert.equal(fitted.kindMeta.fitted, true);
      const expected = await dev.runtime.model('clf').predict(SAMPLE_X);
      const result = await dev.models.promote('clf', prod.models);
      assert.equal(versionOf(result.metadata), versionOf(fitted));
      assert.deepEqual(await prod.runtime.model('clf').predict(SAMPLE_X), expected);
      assert.equal(await prod.datasets.exists('iris'), false, 'the training data stays in dev');
      const refit = await prod.runtime.model('clf').fit(SAMPLE_X, ['a', 'a', 'b', 'b', 'c', 'c']);
      assert.equal((await prod.models.revisions('clf')).length, 2, 'prod trains its own versions');
      assert.notEqual(versionOf(refit), versionOf(fitted));
      assert.equal((await dev.models.revisions('clf')).length, 2, 'dev is unchanged by prod');
    });
  });
}
