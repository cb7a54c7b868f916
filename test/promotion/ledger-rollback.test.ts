// The promotion ledger and rollback (API.md §7): every promotion appends a record to the target
// context; promotions(name?) lists one store of one bucket, oldest first; models.rollback makes
// an earlier version latest again and is recorded too.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError } from '../../src/index.js';
import type { DecisionTreeClassifier } from '../../src/models/mljs/lib.js';
import { PAIRS, pairName, pairSuite, SAMPLE_X, trainedTree, untrainedTree, versionOf } from './pairs.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

for (const pair of PAIRS) {
  describe(`promotion ledger and rollback (${pairName(pair)})`, () => {
    const t = pairSuite(pair, { prodConditions: { models: ['fitted'] } });
    const savedUser = process.env.OMEGA_USER;
    before(() => {
      process.env.OMEGA_USER = 'alice';
    });
    after(() => {
      if (savedUser === undefined) delete process.env.OMEGA_USER;
      else process.env.OMEGA_USER = savedUser;
    });

    it('records each promotion in the target context, with a previousVersion chain', async () => {
      const { dev, prod } = t.ctx;
      const v1 = versionOf(await dev.models.put(trainedTree(30), 'm'));
      const start = new Date();
      const first = await dev.models.promote('m', prod.models, { message: 'first release' });
      const end = new Date();
      const record = first.record;
      assert.ok(record);
      assert.match(record.id, UUID);
      assert.ok(record.at instanceof Date && record.at >= start && record.at <= end, String(record.at));
      assert.deepEqual(
        { ...record, id: '', at: null },
        {
          id: '',
          at: null,
          user: 'alice',
          action: 'promote',
          source: { context: 'dev', bucket: 'default', prefix: 'models/', name: 'm', version: v1 },
          target: { context: 'prod', bucket: 'default', prefix: 'models/', name: 'm' },
          version: v1,
          previousVersion: null,
          conditions: [{ name: 'fitted', passed: true }],
          message: 'first release',
        },
      );
      assert.deepEqual(await prod.models.promotions('m'), [record]);
      assert.deepEqual(await dev.models.promotions('m'), [], 'the ledger is the target context’s');

      const v2 = versionOf(await dev.models.put(trainedTree(60), 'm'));
      const second = await dev.models.promote('m', prod.models);
      assert.equal(second.record?.previousVersion, v1);
      assert.equal(second.record?.version, v2);
      assert.equal(second.record?.message, undefined);
      const again = await dev.models.promote('m', prod.models);
      assert.deepEqual([again.record?.previousVersion, again.record?.version], [v2, v2]);
      assert.deepEqual(
        (await prod.models.promotions('m')).map((r) => r.id),
        [record.id, second.record?.id, again.record?.id],
        'oldest first',
      );
    });

    it('promotions(name?) lists only that store of that bucket', async () => {
      const { dev, prod } = t.ctx;
      await dev.models.put(trainedTree(60), 'scoped');
      await dev.datasets.put([{ a: 1 }], 'scoped');
      await dev.models.promote('scoped', prod.models);
      await dev.models.promote('scoped', prod.bucket('other').models);
      await dev.datasets.promote('scoped', prod.datasets);
      await dev.models.promote('scoped', prod.models, { asName: 'scoped-b' });

      const models = await prod.models.promotions();
      assert.ok(models.every((r) => r.target.bucket === 'default' && r.target.prefix === 'models/'));
      assert.deepEqual(
        (await prod.models.promotions('scoped')).map((r) => r.target.name),
        ['scoped'],
      );
      assert.deepEqual(
        models.filter((r) => r.target.name.startsWith('scoped')).map((r) => r.target.name),
        ['scoped', 'scoped-b'],
      );
      assert.deepEqual(
        (await prod.bucket('other').models.promotions()).map((r) => [r.target.bucket, r.target.name]),
        [['other', 'scoped']],
      );
      const datasets = await prod.datasets.promotions('scoped');
      assert.equal(datasets.length, 1);
      assert.equal(datasets[0]?.source?.prefix, 'data/');
      assert.equal(datasets[0]?.version, undefined, 'a table has no version');
    });

    it('rollback makes the version before the latest latest again, and is recorded', async () => {
      const { dev, prod } = t.ctx;
      const v1 = versionOf(await dev.models.put(trainedTree(30), 'rb'));
      await dev.models.promote('rb', prod.models);
      const v2 = versionOf(await dev.models.put(trainedTree(60), 'rb'));
      await dev.models.promote('rb', prod.models);

      const { metadata, record } = await prod.models.rollback('rb', { message: 'v2 misbehaves' });
      assert.equal(versionOf(metadata), v1);
      assert.equal(versionOf(await prod.models.metadata('rb')), v1);
      assert.deepEqual(
        (await prod.models.revisions('rb')).map((r) => r.version),
        [v1, v2, v1],
        'history is kept: the rollback is a new revision',
      );
      const predicted = ((await prod.models.get('rb')) as DecisionTreeClassifier).predict(SAMPLE_X);
      assert.deepEqual(predicted, trainedTree(30).predict(SAMPLE_X));
      assert.equal(record.action, 'rollback');
      assert.equal(record.user, 'alice');
      assert.equal(record.source, undefined);
      assert.deepEqual(record.target, { context: 'prod', bucket: 'default', prefix: 'models/', name: 'rb' });
      assert.deepEqual([record.version, record.previousVersion], [v1, v2]);
      assert.equal(record.message, 'v2 misbehaves');
      const ledger = await prod.models.promotions('rb');
      assert.deepEqual(
        ledger.map((r) => r.action),
        ['promote', 'promote', 'rollback'],
      );
      assert.deepEqual(ledger.at(-1), record);
      assert.deepEqual(await dev.models.revisions('rb').then((r) => r.length), 2, 'the source is untouched');
    });

    it('rollback to a tag and to a version prefix', async () => {
      const { dev, prod } = t.ctx;
      const stable = versionOf(await prod.models.put(trainedTree(15), 'rt', { tag: 'stable' }));
      const v2 = versionOf(await dev.models.put(trainedTree(30), 'rt'));
      await dev.models.promote('rt', prod.models);
      await dev.models.put(trainedTree(60), 'rt');
      await dev.models.promote('rt', prod.models);

      const toTag = await prod.models.rollback('rt', { to: 'stable' });
      assert.equal(versionOf(toTag.metadata), stable);
      assert.equal(toTag.record.version, stable);
      const toPrefix = await prod.models.rollback('rt', { to: v2.slice(0, 10) });
      assert.equal(versionOf(toPrefix.metadata), v2);
      assert.equal(toPrefix.record.previousVersion, stable);
      assert.equal((await prod.models.revisions('rt')).length, 5);
      assert.deepEqual(
        (await prod.models.promotions('rt')).map((r) => r.action),
        ['promote', 'promote', 'rollback', 'rollback'],
      );
    });

    it('a model with a single version, a missing model or version is a NotFoundError; nothing is recorded', async () => {
      const { dev, prod } = t.ctx;
      await dev.models.put(trainedTree(60), 'single');
      await dev.models.promote('single', prod.models);
      await dev.models.promote('single', prod.models);
      await assert.rejects(prod.models.rollback('single'), NotFoundError);
      await assert.rejects(prod.models.rollback('absent'), NotFoundError);
      await assert.rejects(prod.models.rollback('single', { to: 'nosuchtag' }), NotFoundError);
      await prod.models.put(untrainedTree(), 'local-only');
      await assert.rejects(prod.models.rollback('local-only'), NotFoundError);
      assert.equal((await prod.models.revisions('single')).length, 1);
      assert.deepEqual(
        (await prod.models.promotions('single')).map((r) => r.action),
        ['promote', 'promote'],
      );
      assert.deepEqual(await prod.models.promotions('local-only'), []);
    });
  });
}
