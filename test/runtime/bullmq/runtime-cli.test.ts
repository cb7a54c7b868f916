import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { RandomForestClassifier } from 'ml-random-forest';
import type { RuntimeStatus } from '../../../src/runtime/runtime-status.js';
import { errorLines, type OmResult, omInProcess } from '../../cli/om-cli.js';
import { redisConnection, runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { trainingRows } from './training.js';
import type { WorkerProcess } from './worker-process.js';

describe('om runtime against real workers', SUITE_OPTIONS, () => {
  let A: WorkerProcess;
  let B: WorkerProcess;
  const suite = runtimeSuite({ main: 'sqlite' }, async (s) => {
    await s.om().datasets.put(trainingRows(60), 'train');
    await s.om().models.put(new RandomForestClassifier({ nEstimators: 10, seed: 1, noOOB: true }), 'm');
    [A, B] = await Promise.all([s.startWorker({ labels: ['default'] }), s.startWorker({ labels: ['gpu'] })]);
  });
  /** `om --context <main> …args` */
  const omRun = (...args: string[]): Promise<OmResult> =>
    omInProcess(suite.home, ['--context', suite.name('main'), ...args]);
  /** The same, which must succeed. */
  const om = async (...args: string[]): Promise<OmResult> => {
    const result = await omRun(...args);
    assert.equal(result.status, 0, `om ${args.join(' ')}: ${result.stderr}`);
    return result;
  };
  const local = () => suite.om().runtime.mode({ local: true }).model('m');

  it('model fit prints the new version; model predict prints the predictions as JSON', async () => {
    const fit = await om('runtime', 'model', 'm', 'fit', 'train[a,b]', 'train[label]');
    assert.match(fit.out, /^m: version [0-9a-f]{12}, fitted\n$/);
    const meta = (await om('--json', 'models', 'metadata', 'm')).out;
    assert.match(meta, /"fitted": true/);
    assert.ok(meta.includes(`"worker": "${A.id}"`), meta);
    const predicted = await om('runtime', 'model', 'm', 'predict', '[[1,2]]');
    assert.deepEqual(JSON.parse(predicted.out), await local().predict([[1, 2]]));
  });

  it('--require gpu pings the gpu worker', async () => {
    const pong = JSON.parse((await om('runtime', '--require', 'gpu', 'ping', '--json')).out) as {
      worker: string;
      label: string;
    };
    assert.equal(pong.worker, B.id);
    assert.equal(pong.label, 'gpu');
    const line = (await om('runtime', '--require', 'gpu', 'ping')).out;
    const where = `(label gpu, context ${suite.name('main')}, bucket default)`;
    assert.ok(line.startsWith(`pong from worker ${B.id} ${where} in `), line);
    assert.match(line, / in \d+ ms\n$/);
  });

  it('--async prints the task id; runtime result <id> prints its predictions', async () => {
    await om('runtime', 'model', 'm', 'fit', 'train[a,b]', 'train[label]');
    const id = (await om('runtime', 'model', 'm', 'predict', 'train[a,b]', '--async')).out.trim();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const predictions = JSON.parse((await om('runtime', 'result', id)).out) as string[];
    assert.equal(predictions.length, 60);
    assert.deepEqual(predictions, await local().predict('train[a,b]'));
  });

  it('runtime status lists the workers, their labels and the queues', async () => {
    const text = (await om('runtime', 'status')).out;
    for (const worker of [A, B]) assert.ok(text.includes(worker.id), text);
    assert.match(text, /^\s+default\s+\d+\s+\d+\s+\d+\s+1$/m);
    assert.match(text, /^\s+gpu\s+\d+\s+\d+\s+\d+\s+1$/m);
    const status = JSON.parse((await om('--json', 'runtime', 'status')).out) as RuntimeStatus;
    assert.equal(status.context, suite.name('main'));
    assert.deepEqual(status.workers.map((w) => [w.id, w.labels]).sort(), [
      [A.id, ['default']],
      [B.id, ['gpu']],
    ]);
    assert.deepEqual(
      status.queues.map((q) => [q.label, q.workers]),
      [
        ['default', 1],
        ['gpu', 1],
      ],
    );
    assert.deepEqual(status.unserved, []);
  });

  it('runtime status skips malformed worker entries in Redis and reports them', async () => {
    const redis = new Redis(redisConnection());
    const key = (what: string) => `omega:workers:bogus-${what}-${randomUUID()}`;
    const [notJson, wrongShape, notString] = [key('text'), key('shape'), key('hash')];
    try {
      await redis.set(notJson, '{not json', 'PX', 60_000);
      await redis.set(wrongShape, JSON.stringify({ id: 7, labels: 'default' }), 'PX', 60_000);
      await redis.hset(notString, 'id', 'x');
      const status = JSON.parse((await om('--json', 'runtime', 'status')).out) as RuntimeStatus;
      assert.deepEqual(status.workers.map((w) => w.id).sort(), [A.id, B.id].sort());
      assert.ok(status.malformed?.includes(`${notJson}: not JSON`), JSON.stringify(status.malformed));
      assert.ok(status.malformed?.some((entry) => entry.startsWith(`${wrongShape}: not a worker description (id:`)));
      assert.ok(status.malformed?.includes(`${notString}: not a string value`));
      const text = (await om('runtime', 'status')).out;
      assert.ok(text.includes(A.id), text);
      assert.ok(text.includes(`skipped a malformed worker entry: ${notJson}: not JSON`), text);
    } finally {
      await redis.del(notJson, wrongShape, notString);
      redis.disconnect();
    }
  });

  it('a missing model and an unknown task id are one-line errors', async () => {
    const missing = await omRun('runtime', 'model', 'nope', 'predict', '[[1,2]]');
    assert.equal(missing.status, 1);
    assert.match(errorLines(missing)[0] ?? '', /^error: .*nope.* does not exist/);
    const unknown = await omRun('runtime', 'result', randomUUID());
    assert.equal(unknown.status, 1);
    assert.match(errorLines(unknown)[0] ?? '', /^error: task .* is not known/);
  });
});
