import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RandomForestClassifier } from 'ml-random-forest';
import { NotFoundError } from '../../../src/index.js';
import type { Metadata } from '../../../src/store/metadata.js';
import { runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { eventually, sleep, trainingRows } from './training.js';
import type { WorkerProcess } from './worker-process.js';

const SLEEPY = fileURLToPath(new URL('../../fixtures/runtime/sleepy.js', import.meta.url));
const forest = (): RandomForestClassifier => new RandomForestClassifier({ nEstimators: 10, seed: 1, noOOB: true });
const workerOf = (meta: Metadata): unknown => (meta.attributes.task as { worker?: unknown } | undefined)?.worker;

describe('BullMQ runtime: routing to labels', SUITE_OPTIONS, () => {
  let A: WorkerProcess;
  let B: WorkerProcess;
  const suite = runtimeSuite({ main: 'sqlite' }, async (s) => {
    await s.om().datasets.put(trainingRows(60), 'train');
    await s.om().models.put(forest(), 'm');
    await s.om().scripts.put(SLEEPY, 'sleepy');
    // Trained in-process, so that each test can predict with it on its own.
    await s.om().runtime.mode({ local: true }).model('m').fit('train[a,b]', 'train[label]');
    [A, B] = await Promise.all([s.startWorker({ labels: ['default'] }), s.startWorker({ labels: ['gpu'] })]);
  });

  it('ping goes to the default label, require(label) to that label’s worker', async () => {
    const om = suite.om();
    assert.notEqual(A.id, B.id);
    const fromA = await om.runtime.ping();
    assert.equal(fromA.worker, A.id);
    assert.equal(fromA.label, 'default');
    assert.equal(fromA.context, suite.name('main'));
    const fromB = await om.runtime.require('gpu').ping({ hello: 1 });
    assert.equal(fromB.worker, B.id);
    assert.equal(fromB.label, 'gpu');
    assert.deepEqual(fromB.payload, { hello: 1 });
    // require() returned a new runtime: this one still goes to default.
    assert.equal((await om.runtime.ping()).worker, A.id);
  });

  it('a fit through require(gpu) runs on the gpu worker and records it', async () => {
    const task = suite.om().runtime.require('gpu').model('m').fit('train[a,b]', 'train[label]');
    const meta = await task;
    assert.equal(meta.kindMeta.fitted, true);
    assert.equal(workerOf(meta), B.id);
    assert.equal((meta.attributes.task as { id?: unknown }).id, task.id);
    assert.equal(workerOf((await suite.om().models.metadata('m')) as Metadata), B.id);
  });

  it('a model bound to a label runs there; require() and local mode override the binding', async () => {
    const om = suite.om();
    await om.models.put(forest(), 'bound', { attributes: { require: { label: 'gpu' } } });
    const fit = (runtime: typeof om.runtime, seed: number) =>
      runtime.model('bound').fit(
        trainingRows(40, ['lt', 'ge'], seed).map((r) => [r.a, r.b]),
        trainingRows(40, ['lt', 'ge'], seed).map((r) => r.label),
      );
    assert.equal(workerOf(await fit(om.runtime, 2)), B.id);
    assert.equal(workerOf(await fit(om.runtime.require('default'), 3)), A.id);
    assert.match(String(workerOf(await fit(om.runtime.mode({ local: true }), 4))), /^local@/);
    // The binding outlives the fits (they merge attributes): still gpu without require().
    const again = await fit(om.runtime, 5);
    assert.deepEqual(again.attributes.require, { label: 'gpu' });
    assert.equal(workerOf(again), B.id);
  });

  it('a task for a label nobody serves waits, listed as unserved, until a worker starts', async () => {
    const om = suite.om();
    const task = om.runtime.require('late').ping();
    await task.submitted();
    await sleep(500);
    assert.equal(await task.status(), 'unserved');
    const status = await om.runtime.status();
    assert.deepEqual(status.unserved, ['late']);
    const late = status.queues.find((q) => q.label === 'late');
    assert.equal(late?.waiting, 1);
    assert.equal(late?.workers, 0);
    assert.deepEqual(status.workers.map((w) => w.id).sort(), [A.id, B.id].sort());

    const C = await suite.startWorker({ labels: ['late'] });
    assert.equal((await task).worker, C.id);
    assert.equal(await task.status(), 'succeeded');
    await eventually(async () => (await om.runtime.status()).unserved.length === 0, 'no unserved label');
    assert.ok((await om.runtime.status()).workers.some((w) => w.id === C.id && w.labels.includes('late')));
    await C.stop();
  });

  it('result(id) from another handle returns the same result; an unknown id is a NotFoundError', async () => {
    const om = suite.om();
    const predicted = om.runtime.model('m').predict('train[a,b]');
    const fitted = om.runtime.require('gpu').model('m').fit('train[a,b]', 'train[label]');
    const [predictions, meta] = await Promise.all([predicted, fitted]);
    const other = await suite.open('main');
    assert.deepEqual(await other.runtime.result(predicted.id), predictions);
    const again = (await other.runtime.result(fitted.id)) as Metadata;
    assert.deepEqual(again, meta);
    assert.ok(again.created instanceof Date);
    await assert.rejects(other.runtime.result(randomUUID()), NotFoundError);
  });

  it('--concurrency 2 runs two tasks of its label at once', async () => {
    const pair = await suite.startWorker({ labels: ['pair'], concurrency: 2 });
    const runtime = suite.om().runtime.require('pair');
    const [first, second] = await Promise.all([
      runtime.script('sleepy').run({ ms: 1000 }),
      runtime.script('sleepy').run({ ms: 1000 }),
    ]);
    assert.ok(first.started < second.ended && second.started < first.ended, 'the two runs overlapped');
    await pair.stop();
  });
});
