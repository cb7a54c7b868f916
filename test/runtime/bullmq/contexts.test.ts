import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RandomForestClassifier } from 'ml-random-forest';
import { NotFoundError } from '../../../src/index.js';
import { runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { trainingRows } from './training.js';
import type { WorkerProcess } from './worker-process.js';

// The same names in both contexts, with different data: each context's labels say where a result came from.
const LABELS = { a: ['a-lt', 'a-ge'], b: ['b-lt', 'b-ge'] } satisfies Record<string, [string, string]>;
const KEYS = ['a', 'b'] as const;

describe('BullMQ runtime: one worker serving two contexts (SQLite and PostgreSQL)', SUITE_OPTIONS, () => {
  let worker: WorkerProcess;
  const suite = runtimeSuite({ a: 'sqlite', b: 'postgres' }, async (s) => {
    for (const key of KEYS) {
      await s.om(key).datasets.put(trainingRows(50, LABELS[key]), 'train');
      await s.om(key).models.put(new RandomForestClassifier({ nEstimators: 10, seed: 1, noOOB: true }), 'm');
    }
    await s.om('a').models.put(new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true }), 'only-a');
    worker = await s.startWorker({ contexts: ['a', 'b'] });
  });

  it('pings from each context reach the same worker, in their own context', async () => {
    for (const key of KEYS) {
      const pong = await suite.om(key).runtime.ping();
      assert.equal(pong.worker, worker.id);
      assert.equal(pong.context, suite.name(key));
    }
  });

  it('fits and predictions in each context see only that context’s model and data', async () => {
    const before = { a: 0, b: 0 };
    for (const key of KEYS) before[key] = (await suite.om(key).models.revisions('m')).length;
    const [fitA, fitB] = await Promise.all(
      KEYS.map((key) => suite.om(key).runtime.model('m').fit('train[a,b]', 'train[label]')),
    );
    for (const [key, meta] of [
      ['a', fitA],
      ['b', fitB],
    ] as const) {
      const om = suite.om(key);
      assert.ok(meta, `a fit in ${key}`);
      assert.equal(meta.kindMeta.fitted, true);
      assert.equal((meta.attributes.task as { worker?: unknown }).worker, worker.id);
      assert.equal((await om.models.revisions('m')).length, before[key] + 1, `one new revision in ${key}`);
      const predicted = (await om.runtime.model('m').predict('train[a,b]')) as string[];
      assert.equal(predicted.length, 50);
      assert.deepEqual([...new Set(predicted)].sort(), [...LABELS[key]].sort());
    }
    assert.notEqual(fitA?.kindMeta.version, fitB?.kindMeta.version);
  });

  it('a model of context a is a NotFoundError when submitted from context b', async () => {
    const task = suite
      .om('b')
      .runtime.model('only-a')
      .predict([[1, 2]]);
    await assert.rejects(task.submitted(), (error: unknown) => {
      assert.ok(error instanceof NotFoundError, String(error));
      assert.match(error.message, /only-a/);
      assert.match(error.message, new RegExp(suite.name('b')));
      return true;
    });
    assert.equal(await task.status(), 'failed');
    await assert.rejects(
      suite.om('b').runtime.model('m').predict('nowhere[a,b]').submitted(),
      NotFoundError,
      'a dataset missing in b is refused too',
    );
  });
});
