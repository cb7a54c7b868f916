import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Queue } from 'bullmq';
import { RandomForestClassifier } from 'ml-random-forest';
import { redisConnection, runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { trainingRows, untilRunning } from './training.js';

describe('BullMQ runtime: a fit longer than --stall-ms (issue 12 item 13)', SUITE_OPTIONS, () => {
  const suite = runtimeSuite({ main: 'sqlite' });

  it('runs once: the worker keeps its lock while the model trains in a thread', { timeout: 60_000 }, async () => {
    const om = suite.om();
    // One synchronous block of about 3 s of training: several times a lock of 750 ms (--stall-ms 1000).
    await om.datasets.put(trainingRows(1000), 'long-data');
    await om.models.put(new RandomForestClassifier({ nEstimators: 80, seed: 1, noOOB: true }), 'long');
    const before = (await om.models.revisions('long')).length;
    const A = await suite.startWorker({ stallMs: 1000 });
    const task = om.runtime.model('long').fit('long-data[a,b]', 'long-data[label]');
    await untilRunning(task);
    // B is idle: its stalled checks would hand A's task to itself if A's lock lapsed.
    const B = await suite.startWorker({ stallMs: 1000 });
    const meta = await task.result({ timeoutMs: 45_000 });

    assert.equal(meta.kindMeta.fitted, true);
    assert.deepEqual(meta.attributes.task, { id: task.id, action: 'fit', worker: A.id });
    assert.equal((await om.models.revisions('long')).length, before + 1, 'exactly one new revision');
    const line = new RegExp(`^\\S+ task ${task.id} fit `, 'gm');
    // The worker writes its task lines once per event-loop turn: maybe just after the result is out.
    await A.untilOutput(new RegExp(line.source, 'm'), 'stdout', 10_000);
    assert.equal(A.output.match(line)?.length, 1, A.output);
    assert.doesNotMatch(B.output, line, 'the idle worker never took the task');
    const queue = new Queue(`${suite.name('main')}/default`, { connection: redisConnection(), prefix: 'omega' });
    try {
      const job = await queue.getJob(task.id);
      assert.equal(job?.attemptsStarted, 1, 'the task started once');
      assert.equal(job?.stalledCounter, 0, 'the task was never thought stalled');
    } finally {
      await queue.close();
    }
  });
});
