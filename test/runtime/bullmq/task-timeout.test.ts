import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TaskError } from '../../../src/index.js';
import { runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { putSlowFit } from './slow-fit.js';
import { sleep } from './training.js';
import type { WorkerProcess } from './worker-process.js';

const SLEEPY = fileURLToPath(new URL('../../fixtures/runtime/sleepy.js', import.meta.url));

const timedOut = (error: unknown): boolean => {
  assert.ok(error instanceof TaskError, String(error));
  assert.match(error.message, /did not finish within 1000 ms/);
  return true;
};

describe('BullMQ runtime: the per-task timeout (om worker --timeout)', SUITE_OPTIONS, () => {
  let worker: WorkerProcess;
  const suite = runtimeSuite({ main: 'sqlite' }, async (s) => {
    await s.om().scripts.put(SLEEPY, 'slow');
    worker = await s.startWorker({ timeoutSeconds: 1 });
  });

  it('a script running longer fails with a TaskError; the worker goes on serving', async () => {
    const task = suite.om().runtime.script('slow').run({ ms: 3000, dataset: 'late' });
    await assert.rejects(task.result(), timedOut);
    assert.equal(await task.status(), 'failed');
    // The script itself cannot be stopped (it may still write `late`); the worker is not blocked by it.
    assert.equal((await suite.om().runtime.ping()).worker, worker.id);
    assert.ok(worker.running, worker.output);
  });

  it('a fit running longer fails with a TaskError and commits no version', { timeout: 60_000 }, async () => {
    const om = suite.om();
    // At least 3 s of fitting on a fast machine (it is stopped at the 1 s deadline anyway).
    const { X, Y } = await putSlowFit(om, 'slow-fit', 3);
    const before = await om.models.revisions('slow-fit');
    await assert.rejects(om.runtime.model('slow-fit').fit(X, Y).result(), timedOut);
    await sleep(1500); // a commit under way when the task failed would be done by now
    assert.deepEqual(await om.models.revisions('slow-fit'), before, 'a timed-out fit added a revision');
    assert.equal((await om.models.metadata('slow-fit'))?.kindMeta.fitted, false);
  });
});
