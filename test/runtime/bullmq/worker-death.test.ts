import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { putSlowFit } from './slow-fit.js';
import { sleep, untilRunning } from './training.js';

const SLEEPY = fileURLToPath(new URL('../../fixtures/runtime/sleepy.js', import.meta.url));

describe('BullMQ runtime: workers that die or stop mid-task', SUITE_OPTIONS, () => {
  const suite = runtimeSuite({ main: 'postgres' }, async (s) => {
    await s.om().scripts.put(SLEEPY, 'sleepy');
  });

  it('a fit whose worker is SIGKILLed runs again on another and commits one version', { timeout: 90_000 }, async () => {
    const om = suite.om();
    const { X, Y } = await putSlowFit(om, 'slow');
    const before = (await om.models.revisions('slow')).length;
    const A = await suite.startWorker({ stallMs: 2000 });
    const task = om.runtime.model('slow').fit(X, Y);
    await untilRunning(task);
    await sleep(700); // well into the fit
    assert.deepEqual(await A.kill(), { code: null, signal: 'SIGKILL' });
    assert.equal(await task.status(), 'running', 'the task had not finished when its worker died');
    assert.equal((await om.models.revisions('slow')).length, before, 'the dead worker committed nothing');

    // B is not stalled by its own 2–3 s synchronous fit while it holds the task (stallOptions).
    const B = await suite.startWorker({ stallMs: 10_000 });
    const meta = await task.result({ timeoutMs: 60_000 });
    const recorded = meta.attributes.task as { id?: unknown; worker?: unknown };
    assert.equal(recorded.worker, B.id);
    assert.equal(recorded.id, task.id);
    assert.equal(meta.kindMeta.fitted, true);
    assert.equal((await om.models.revisions('slow')).length, before + 1, 'exactly one new revision');
    assert.equal(await task.status(), 'succeeded');
  });

  it('with --stall-ms 2000, the task of a SIGKILLed worker goes to another and completes', {
    timeout: 90_000,
  }, async () => {
    const runtime = suite.om().runtime.require('stall');
    const A = await suite.startWorker({ labels: ['stall'], stallMs: 2000 });
    const task = runtime.script('sleepy').run({ ms: 8000 });
    await untilRunning(task);
    const B = await suite.startWorker({ labels: ['stall'], stallMs: 2000 });
    assert.deepEqual(await A.kill(), { code: null, signal: 'SIGKILL' });
    assert.equal(await task.status(), 'running', 'the task had not finished when its worker died');
    const run = await task;
    assert.deepEqual(run.result, { slept: 8000 });
    assert.equal(await task.status(), 'succeeded');
    await B.untilOutput(new RegExp(`^\\S+ task ${task.id} run sleepy .* ok$`, 'm'));
    assert.doesNotMatch(A.output, new RegExp(`task ${task.id}`), 'the killed worker never finished it');
  });

  it('SIGTERM lets the running task finish, then the worker exits with code 0', { timeout: 60_000 }, async () => {
    const om = suite.om();
    const worker = await suite.startWorker();
    const task = om.runtime.script('sleepy').run({ ms: 1500 });
    await untilRunning(task);
    const exited = worker.stop();
    const run = await task;
    assert.deepEqual(run.result, { slept: 1500 });
    assert.deepEqual(await exited, { code: 0, signal: null });
    assert.match(worker.output, /SIGTERM: finishing running tasks/);
    assert.equal(await task.status(), 'succeeded');
  });
});
