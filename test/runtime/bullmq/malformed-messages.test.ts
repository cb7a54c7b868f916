import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Job, Queue, QueueEvents } from 'bullmq';
import { RandomForestClassifier } from 'ml-random-forest';
import { parseTaskMessage } from '../../../src/runtime/message.js';
import { MessageSigner } from '../../../src/runtime/message-signer.js';
import type { Engine } from '../../../src/storage/engine.js';
import { openEngine } from '../../../src/storage/open-engine.js';
import { SecretRepository } from '../../../src/storage/secret-repository.js';
import { redisConnection, runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import type { WorkerProcess } from './worker-process.js';

/** What every task message carries, as the runtime writes it. */
function envelope(context: string, label = 'default'): Record<string, unknown> {
  return { v: 1, id: randomUUID(), context, bucket: 'default', label, submitted: new Date().toISOString() };
}

/** A well-formed model task for `context`, to spoil one field at a time. */
function modelMessage(context: string, label = 'default'): Record<string, unknown> {
  return {
    ...envelope(context, label),
    task: 'model',
    model: 'm',
    action: 'predict',
    X: { inline: [[1, 2]] },
    params: {},
  };
}

describe('BullMQ runtime: malformed messages on the queue', SUITE_OPTIONS, () => {
  let worker: WorkerProcess;
  let queue: Queue;
  let events: QueueEvents;
  /** The store of context main, opened the way any holder of its URL could. */
  let store: Engine;
  const suite = runtimeSuite({ main: 'sqlite', other: 'sqlite' }, async (s) => {
    await s.om().models.put(new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true }), 'm');
    worker = await s.startWorker({ contexts: ['main'] });
  });
  before(async () => {
    // Straight onto the queue the runtime uses: `<context>/<label>` under the prefix `omega`.
    const name = `${suite.name('main')}/default`;
    queue = new Queue(name, { connection: redisConnection(), prefix: 'omega' });
    events = new QueueEvents(name, { connection: redisConnection(), prefix: 'omega' });
    await events.waitUntilReady();
    store = await openEngine(suite.om().spec.store);
  });
  after(async () => {
    await store?.close();
    await events?.close();
    await queue?.close();
  });

  /** Adds `data` as a job that BullMQ would try 3 times, and checks that it failed once, for `reason`. */
  async function failedJob(data: unknown, reason: RegExp): Promise<void> {
    const added = await queue.add('model', data, { attempts: 3 });
    await assert.rejects(added.waitUntilFinished(events, 20_000), reason);
    const job = await Job.fromId(queue, added.id as string);
    assert.ok(job, `job ${added.id} is still there`);
    assert.equal(await job.getState(), 'failed');
    assert.match(job.failedReason, reason);
    assert.ok(job.attemptsMade <= 1, `attempted ${job.attemptsMade} times: a malformed message is not retried`);
  }

  const main = (): string => suite.name('main');

  /** `data` with the signature a holder of the store can make (the worker reads the same secret). */
  async function signed(data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const sig = await new MessageSigner(new SecretRepository(store)).sign(parseTaskMessage(data));
    return { ...data, sig };
  }

  /** Runs `data` and returns the worker that answered the ping. */
  async function pingedBy(data: Record<string, unknown>): Promise<unknown> {
    const job = await queue.add('ping', data);
    const result = (await job.waitUntilFinished(events, 20_000)) as { value?: { worker?: unknown } };
    return result.value?.worker;
  }

  it("a well-formed message signed with the store's secret, added the same way, is run (the control case)", async () => {
    assert.equal(await pingedBy(await signed({ ...envelope(main()), task: 'ping' })), worker.id);
  });

  it('an unsigned message is refused once, saying why (holders of Redis alone cannot make a worker act)', async () => {
    await failedJob({ ...envelope(main()), task: 'ping' }, /refused: the task message is not signed/);
  });

  it('a message signed with another key is refused once, saying why', async () => {
    const forged = { ...envelope(main()), task: 'ping', sig: 'ab'.repeat(32) };
    await failedJob(forged, /refused: the task message's signature does not match/);
  });

  it('a signed message changed afterwards (a resultName added) is refused', async () => {
    const original = await signed(modelMessage(main()));
    await failedJob({ ...original, resultName: 'overwritten' }, /signature does not match/);
    assert.equal(await suite.om().datasets.exists('overwritten'), false);
  });

  it('after rotate-secret, messages signed with the new key run, and so do the clients that rotated', async () => {
    await suite.om().runtime.rotateSecret();
    assert.equal(await pingedBy(await signed({ ...envelope(main()), task: 'ping' })), worker.id);
    assert.equal((await suite.om().runtime.ping()).worker, worker.id);
  });

  const cases: [string, () => unknown, RegExp][] = [
    ['not an object', () => 'please fit m', /malformed task message/],
    ['null', () => null, /malformed task message/],
    ['an unknown version', () => ({ ...modelMessage(main()), v: 2 }), /version 2 is not understood/],
    ['no version', () => ({ ...modelMessage(main()), v: undefined }), /version undefined is not understood/],
    ['an unknown action', () => ({ ...modelMessage(main()), action: 'explode' }), /malformed task message: action/],
    [
      'a model name with ..',
      () => ({ ...modelMessage(main()), model: '../secrets/m' }),
      /malformed task message: model/,
    ],
    ['an extra field', () => ({ ...modelMessage(main()), store: 'postgres://evil' }), /malformed task message.*store/],
    ['an id that is no uuid', () => ({ ...modelMessage(main()), id: 'x' }), /malformed task message: id/],
    ['X neither dataset nor rows', () => ({ ...modelMessage(main()), X: { file: '/etc/passwd' } }), /malformed/],
    [
      'the context of another queue',
      () => modelMessage(suite.name('other')),
      /task for context other_\w+, label default arrived on the queue of main_\w+\/default/,
    ],
    ['another label', () => modelMessage(main(), 'gpu'), /label gpu arrived on the queue of main_\w+\/default/],
  ];
  for (const [what, data, reason] of cases) {
    it(`a message with ${what} fails once, saying why`, async () => {
      await failedJob(data(), reason);
    });
  }

  it('a job whose stored data is not JSON (written by hand) fails once, saying why, instead of staying active', async () => {
    // Delayed, so that its data can be spoiled in Redis before the worker takes it.
    const added = await queue.add('ping', { ...envelope(main()), task: 'ping' }, { delay: 300, attempts: 3 });
    const redis = await queue.client;
    await redis.hset(`omega:${queue.name}:${added.id}`, { data: '{not json' });
    await assert.rejects(added.waitUntilFinished(events, 20_000), /the job's data is not JSON/);
    assert.equal(await queue.getJobState(added.id as string), 'failed');
    const [reason, attempts] = await redis.hmget(`omega:${queue.name}:${added.id}`, 'failedReason', 'atm');
    assert.match(reason ?? '', /malformed task message: the job's data is not JSON/);
    assert.ok(Number(attempts ?? 0) <= 1, `attempted ${attempts} times`);
  });

  it('a message cannot make the worker drop a dataset by calling it temp', async () => {
    const om = suite.om();
    await om.datasets.put([{ a: 1, b: 2 }], 'keep');
    const data = await signed({ ...modelMessage(main()), X: { dataset: 'keep', temp: true } });
    const job = await queue.add('model', data);
    // Whether it runs or is refused, only the runtime's own `_temp/<task id>/…` data may go.
    await job.waitUntilFinished(events, 20_000).catch(() => undefined);
    assert.equal(await om.datasets.exists('keep'), true, 'dataset keep was dropped by a task that only read it');
  });

  it('the worker survives them all and still answers', async () => {
    assert.ok(worker.running, worker.output);
    assert.equal((await suite.om().runtime.ping()).worker, worker.id);
  });
});
