import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Metadata } from '../../../src/store/metadata.js';
import { runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { putSlowFit } from './slow-fit.js';
import { eventually, sleep } from './training.js';

const STEP = fileURLToPath(new URL('../../fixtures/runtime/flow-step.js', import.meta.url));

describe('BullMQ flows: a worker SIGKILLed mid-flow', SUITE_OPTIONS, () => {
  const suite = runtimeSuite({ main: 'postgres' }, async (s) => {
    await s.om().scripts.put(STEP, 'step');
  });

  it('the step it ran goes to another worker; the flow completes, each effect exactly once', {
    timeout: 120_000,
  }, async () => {
    const om = suite.om();
    const { X, Y } = await putSlowFit(om, 'slow');
    const before = (await om.models.revisions('slow')).length;
    const A = await suite.startWorker({ stallMs: 2000 });
    const r = om.runtime
      .sequence((crt) => {
        crt.script('step').run({ step: 'before' });
        crt.model('slow').fit(X, Y);
        crt.script('step').run({ step: 'after' });
      })
      .run();
    await eventually(async () => (await r.info()).steps[1]?.status === 'running', 'the fit to start', 30_000);
    await sleep(700); // well into the fit
    assert.deepEqual(await A.kill(), { code: null, signal: 'SIGKILL' });
    assert.equal((await om.models.revisions('slow')).length, before, 'the dead worker committed nothing');
    assert.equal(await r.status(), 'running');

    const B = await suite.startWorker({ stallMs: 10_000 });
    const [first, meta, last] = (await r.result({ timeoutMs: 90_000 })) as [unknown, Metadata, unknown];
    const fitStep = (await r.info()).steps[1];
    assert.equal((meta.attributes.task as { id?: unknown }).id, fitStep?.id);
    assert.equal((meta.attributes.task as { worker?: unknown }).worker, B.id);
    assert.equal((await om.models.revisions('slow')).length, before + 1, 'exactly one new revision');
    for (const step of ['before', 'after']) {
      assert.equal((await om.datasets.get(`marks/${step}`)).length, 1, `step ${step} ran once`);
    }
    assert.equal((first as { result: unknown }).result, 'before');
    assert.equal((last as { result: unknown }).result, 'after');
    assert.equal(await r.status(), 'succeeded');
  });
});
