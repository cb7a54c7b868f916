import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { UnavailableError } from '../../src/errors.js';
import type { Omega } from '../../src/omega.js';
import { schedulesQueueName } from '../../src/runtime/bullmq/broker.js';
import { schedulerId } from '../../src/runtime/bullmq/job-schedulers.js';
import { TaskWorker } from '../../src/runtime/bullmq/task-worker.js';
import type { TaskRecord, WorkerEvents } from '../../src/runtime/bullmq/worker-events.js';
import { WorkerContexts } from '../../src/runtime/worker-contexts.js';
import { workerSchedules } from '../../src/schedules/worker-schedules.js';
import { openWorkerContext, setup } from '../../src/setup.js';
import { testSite } from '../helpers/engines.js';
import { redisConnection, runtimeSuite, SUITE_OPTIONS } from '../runtime/bullmq/runtime-suite.js';
import { RECORDER, runsIn } from './recorder-script.js';

/** A worker in this process, as `om worker` makes one (with the schedules' ticks), recording its task lines. */
async function startWorker(om: Omega, ticks: TaskRecord[]): Promise<TaskWorker> {
  const contexts = new WorkerContexts([om.context], () => openWorkerContext(om.spec));
  const events: WorkerEvents = {
    taskDone: (record) => {
      if (record.label === '.schedules') ticks.push(record);
    },
    brokerLost: () => undefined,
    brokerBack: () => undefined,
    workerError: () => undefined,
  };
  const worker = new TaskWorker(contexts, {
    contexts: [om.spec],
    labels: ['default'],
    concurrency: 2,
    timeoutMs: 30_000,
    stallMs: 30_000,
    connectTimeoutMs: 5_000,
    events,
    schedules: workerSchedules(contexts),
  });
  await worker.start();
  return worker;
}

/** Polls until `check` holds (at most `ms`): the runs are real, on real workers. */
async function eventually(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms: ${what}`);
    await sleep(100);
  }
}

describe('schedules with a broker: BullMQ job schedulers fired by the workers', SUITE_OPTIONS, () => {
  const suite = runtimeSuite({ a: 'sqlite' });
  const workers: TaskWorker[] = [];
  const queue = () =>
    new Queue(schedulesQueueName(suite.name('a')), { connection: redisConnection(), prefix: 'omega' });
  after(async () => {
    await Promise.all(workers.map((w) => w.close(1_000)));
    const ticks = queue();
    await ticks.obliterate({ force: true });
    await ticks.close();
  });

  it('schedule() makes a job scheduler keyed by bucket, store and name; dropSchedule() removes it', async () => {
    const dev = suite.om().bucket('dev');
    await dev.scripts.put(RECORDER, 'hourly');
    await dev.scripts.schedule('hourly', { text: 'hourly', timezone: 'Europe/Zurich' });
    const ticks = queue();
    try {
      const scheduler = await ticks.getJobScheduler('dev/scripts/hourly');
      assert.equal(scheduler?.pattern, '0 * * * *');
      assert.equal(scheduler?.tz, 'Europe/Zurich');
      assert.deepEqual(scheduler?.template?.data, { bucket: 'dev', prefix: 'scripts/', name: 'hourly' });
      assert.equal(await dev.scripts.dropSchedule('hourly'), true);
      assert.equal(await ticks.getJobScheduler('dev/scripts/hourly'), undefined);
    } finally {
      await ticks.close();
    }
  });

  it('three workers on one Redis fire each due time exactly once, in the object’s bucket', async () => {
    const om = suite.om();
    const dev = om.bucket('dev');
    await dev.scripts.put(RECORDER, 'tick');
    await dev.scripts.schedule('tick', { text: 'every minute', timezone: 'UTC' });
    const ticks: TaskRecord[] = [];
    for (let i = 0; i < 3; i++) workers.push(await startWorker(om, ticks));
    // The stored schedule says every minute; its job scheduler is made to tick every second, so
    // that a test sees several due times in seconds (croner's 5 fields cannot say that).
    const key = { bucket: 'dev', prefix: 'scripts/', name: 'tick' } as const;
    const tickQueue = queue();
    try {
      await tickQueue.upsertJobScheduler(
        schedulerId(key),
        { pattern: '* * * * * *' },
        { name: 'schedule', data: key, opts: { removeOnComplete: { age: 3600 } } },
      );
      await eventually(async () => (await runsIn(dev)).length >= 4, 20_000, 'four runs');
      await dev.scripts.dropSchedule('tick');
    } finally {
      await tickQueue.close();
    }
    assert.deepEqual(
      ticks.filter((t) => t.outcome !== 'ok'),
      [],
    );
    const fired = ticks.filter((t) => t.action.startsWith('schedule:fired'));
    await eventually(async () => (await runsIn(dev)).length === fired.length, 10_000, 'every fired run ran');
    const dues = await runsIn(dev);
    assert.equal(new Set(dues).size, dues.length, `no due time ran twice: ${dues.join(', ')}`);
    assert.deepEqual(
      ticks.filter((t) => t.action === 'schedule:taken'),
      [],
      'BullMQ made one tick per due time: no worker found its due time taken (a tick after the drop is `gone`)',
    );
    assert.ok(new Set(ticks.map((t) => t.id)).size === ticks.length, 'each tick was taken by one worker');
    assert.deepEqual(await runsIn(om), [], 'nothing ran in the default bucket');
  });

  it('a worker that starts gives the broker the job schedulers it lost (a broker restarted empty)', async () => {
    const om = suite.om();
    await om.scripts.put(RECORDER, 'lost');
    await om.scripts.schedule('lost', { text: 'every day at 03:00', timezone: 'UTC' });
    const ticks = queue();
    try {
      await ticks.removeJobScheduler('default/scripts/lost');
      assert.equal(await ticks.getJobScheduler('default/scripts/lost'), undefined);
      workers.push(await startWorker(om, []));
      assert.equal((await ticks.getJobScheduler('default/scripts/lost'))?.pattern, '0 3 * * *');
    } finally {
      await om.scripts.dropSchedule('lost');
      await ticks.close();
    }
  });

  it('an unreachable broker is an UnavailableError, and the schedule is not stored', async () => {
    const site = testSite('sqlite');
    const om = await setup({ ...site.context('nobroker'), broker: 'redis://127.0.0.1:1/0' });
    try {
      await om.scripts.put(RECORDER, 'r');
      await assert.rejects(om.scripts.schedule('r', { text: 'daily' }), UnavailableError);
      assert.equal(await om.scripts.getSchedule('r'), null);
    } finally {
      await om.close();
      await site.cleanup();
    }
  });
});
