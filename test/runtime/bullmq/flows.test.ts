import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RandomForestClassifier } from 'ml-random-forest';
import { TaskError } from '../../../src/index.js';
import type { FlowInfo } from '../../../src/runtime/flow/flow-state.js';
import type { ScriptRun } from '../../../src/runtime/outcome.js';
import type { PingResult } from '../../../src/runtime/ping-result.js';
import { omInProcess } from '../../cli/om-cli.js';
import { runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { eventually, trainingRows } from './training.js';
import type { WorkerProcess } from './worker-process.js';

const STEP = fileURLToPath(new URL('../../fixtures/runtime/flow-step.js', import.meta.url));
const COMBINE = fileURLToPath(new URL('../../fixtures/runtime/flow-combine.js', import.meta.url));
const forest = () => new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true });

describe('BullMQ flows on workers', SUITE_OPTIONS, () => {
  let A: WorkerProcess;
  let B: WorkerProcess;
  const suite = runtimeSuite({ main: 'postgres' }, async (s) => {
    const om = s.om();
    await om.scripts.put(STEP, 'step');
    await om.scripts.put(COMBINE, 'combine');
    const rows = trainingRows(60);
    await om.datasets.put(rows, 'train');
    await om.datasets.put(trainingRows(5, ['lt', 'ge'], 2), 'p1');
    await om.datasets.put(trainingRows(5, ['lt', 'ge'], 3), 'p2');
    await om.models.put(forest(), 'm');
    await om.models.put(forest(), 'num');
    const local = om.runtime.mode({ local: true });
    await local.model('m').fit('train[a,b]', 'train[label]');
    await local.model('num').fit(
      rows.map((r) => [r.a, r.b]),
      rows.map((r) => (r.label === 'lt' ? 0 : 1)),
    );
    [A, B] = await Promise.all([s.startWorker({ labels: ['default'] }), s.startWorker({ labels: ['gpu'] })]);
  });
  const local = () => suite.om().runtime.mode({ local: true });
  const marks = async (step: string): Promise<number> =>
    (await suite.om().datasets.exists(`marks/${step}`)) ? (await suite.om().datasets.get(`marks/${step}`)).length : 0;

  it('parallel on two labels: each step on its label’s worker, results in the order added', async () => {
    const r = suite
      .om()
      .runtime.parallel((crt) => {
        crt.ping({ n: 0 });
        crt.require('gpu').ping({ n: 1 });
        crt.model('m').predict('p1[a,b]');
        crt.require('gpu').model('m').predict('p2[a,b]');
      })
      .run();
    assert.match(r.id, /^[0-9a-f-]{36}$/);
    const [pingA, pingB, p1, p2] = (await r) as [PingResult, PingResult, string[], string[]];
    assert.deepEqual([pingA.worker, pingA.label, pingA.payload], [A.id, 'default', { n: 0 }]);
    assert.deepEqual([pingB.worker, pingB.label, pingB.payload], [B.id, 'gpu', { n: 1 }]);
    assert.deepEqual(p1, await local().model('m').predict('p1[a,b]'));
    assert.deepEqual(p2, await local().model('m').predict('p2[a,b]'));
    assert.equal(await r.status(), 'succeeded');
    const info = await suite.om().runtime.flow(r.id).info();
    assert.deepEqual(
      info.steps.map((s) => [s.label, s.status]),
      [
        ['default', 'succeeded'],
        ['gpu', 'succeeded'],
        ['default', 'succeeded'],
        ['gpu', 'succeeded'],
      ],
    );
    // Each step is a task of its label, findable by its id.
    assert.deepEqual(await suite.om().runtime.result(info.steps[2]?.id as string), p1);
    assert.deepEqual(await r.getall(), [pingA, pingB, p1, p2]);
  });

  it('sequence: a failure in the middle stops it; the later steps never run', async () => {
    const r = suite
      .om()
      .runtime.sequence((crt) => {
        crt.script('step').run({ step: 's1' });
        crt.require('gpu').script('step').run({ step: 's2', fail: true });
        crt.script('step').run({ step: 's3' });
        crt.require('gpu').script('step').run({ step: 's4' });
      })
      .run();
    await assert.rejects(r.result(), (error: unknown) => {
      assert.ok(error instanceof TaskError);
      assert.match(error.message, /failed at step 1 \(script step, label gpu\): Error: step s2 fails on purpose/);
      assert.match(error.message, /not run: step 2, 3/);
      return true;
    });
    assert.equal(await marks('s1'), 1);
    assert.equal(await marks('s3'), 0, 'step 2 never ran');
    assert.equal(await marks('s4'), 0, 'step 3 never ran');
    assert.deepEqual(
      (await r.info()).steps.map((s) => s.status),
      ['succeeded', 'failed', 'skipped', 'skipped'],
    );
    assert.equal(await r.status(), 'failed');
  });

  it('sequence: a fit on one label, then a predict on another with the version the fit made', async () => {
    await suite.om().models.put(forest(), 'fresh');
    const [meta, predicted] = (await suite
      .om()
      .runtime.sequence((crt) => {
        crt.require('gpu').model('fresh').fit('train[a,b]', 'train[label]');
        crt.model('fresh').predict('p1[a,b]');
      })
      .run()) as [{ kindMeta: { fitted: boolean }; attributes: { task: { worker: string } } }, string[]];
    assert.equal(meta.kindMeta.fitted, true);
    assert.equal(meta.attributes.task.worker, B.id);
    assert.deepEqual(predicted, await local().model('fresh').predict('p1[a,b]'));
  });

  it('sequence: a job prepares the data that the next step fits on (it need not exist at submission)', async () => {
    const om = suite.om();
    await om.jobs.create(
      "const rows = await om.datasets.get('train'); await om.datasets.put(rows, 'prepared', { append: false }); rows.length",
      'prepare',
    );
    await om.models.put(forest(), 'trained');
    assert.equal(await om.datasets.exists('prepared'), false);
    const [run, meta] = (await om.runtime
      .sequence((crt) => {
        crt.job('prepare').run();
        crt.require('gpu').model('trained').fit('prepared[a,b]', 'prepared[label]');
      })
      .run()) as [{ name: string }, { kindMeta: { fitted: boolean }; attributes: { dataset: unknown } }];
    assert.match(run.name, /^results\/prepare_/);
    assert.equal(meta.kindMeta.fitted, true);
    // The fit read what the job had just written: revision 1 of it.
    assert.deepEqual(meta.attributes.dataset, {
      X: 'prepared[a,b]',
      Y: 'prepared[label]',
      revisions: { X: 1, Y: 1 },
    });
  });

  it('a step that never runs leaves none of its large literal data behind', async () => {
    const om = suite.om();
    const big = Array.from({ length: 30_000 }, (_, i) => [(i % 97) + 0.123456, (i % 89) + 0.654321]);
    const r = om.runtime
      .sequence((crt) => {
        crt.script('step').run({ step: 'big0', fail: true });
        crt.require('gpu').model('m').predict(big);
      })
      .run();
    await r.submitted();
    assert.equal((await om.datasets.list('_temp/*', { includeTemp: true })).length, 1, 'stored as a temp dataset');
    await assert.rejects(r.result(), /not run: step 1/);
    assert.deepEqual(await om.datasets.list('_temp/*', { includeTemp: true }), []);
  });

  it('sequence: each step starts once the one before has ended', async () => {
    const runs = (await suite
      .om()
      .runtime.sequence((crt) => {
        crt.script('step').run({ step: 'q1', ms: 200 });
        crt.require('gpu').script('step').run({ step: 'q2' });
        crt.script('step').run({ step: 'q3' });
      })
      .run()) as ScriptRun[];
    assert.deepEqual(
      runs.map((run) => run.result),
      ['q1', 'q2', 'q3'],
    );
    assert.ok((runs[0] as ScriptRun).ended <= (runs[1] as ScriptRun).started);
    assert.ok((runs[1] as ScriptRun).ended <= (runs[2] as ScriptRun).started);
  });

  it('parallel: one failure fails the flow, listed; every other step finishes', async () => {
    const r = suite
      .om()
      .runtime.parallel((crt) => {
        crt.script('step').run({ step: 'a1', ms: 300 });
        crt.require('gpu').script('step').run({ step: 'a2', fail: true });
        crt.require('gpu').script('step').run({ step: 'a3', ms: 300 });
      })
      .run();
    await assert.rejects(
      r.result(),
      /parallel of 3\): 1 step failed — step 1 \(script step, label gpu\): Error: step a2/,
    );
    assert.equal(await marks('a1'), 1);
    assert.equal(await marks('a3'), 1);
  });

  it('mapreduce into a script: the last step gets { results } in its payload, on its own label', async () => {
    const [p1, p2, combined] = (await suite
      .om()
      .runtime.mapreduce((crt) => {
        crt.model('m').predict('p1[a,b]');
        crt.require('gpu').model('m').predict('p2[a,b]');
        crt.require('gpu').script('combine').run({ note: 'kept' });
      })
      .run()) as [string[], string[], ScriptRun];
    assert.deepEqual(combined.result, { count: 2, results: [p1, p2], note: 'kept' });
  });

  it('mapreduce into a model: the last step gets the results as X', async () => {
    const [first, second, reduced] = (await suite
      .om()
      .runtime.mapreduce((crt) => {
        crt.model('num').predict([
          [1, 2],
          [2, 1],
        ]);
        crt.model('num').predict([
          [3, 4],
          [5, 1],
        ]);
        crt.require('gpu').model('num').predict();
      })
      .run()) as number[][];
    assert.deepEqual(reduced, await local().model('num').predict([first, second]));
  });

  it('mapreduce: a failed mapped step means the last step never runs', async () => {
    const r = suite
      .om()
      .runtime.mapreduce((crt) => {
        crt.script('step').run({ step: 'm1' });
        crt.script('step').run({ step: 'm2', fail: true });
        crt.script('step').run({ step: 'm3' });
      })
      .run();
    await assert.rejects(r.result(), /1 step failed — step 1 .*; not run: step 2$/);
    assert.equal(await marks('m1'), 1);
    assert.equal(await marks('m3'), 0);
  });

  it('om runtime status lists a flow in progress; om runtime flow <id> shows its steps', async () => {
    const r = suite
      .om()
      .runtime.sequence((crt) => {
        crt.ping();
        crt.require('later').ping();
      })
      .run();
    await r.submitted();
    await eventually(async () => (await r.info()).steps[0]?.status === 'succeeded', 'the first step to end');
    await assert.rejects(r.result({ timeoutMs: 300 }), /did not finish within 300 ms \(it is still running\)/);
    const om = (...args: string[]) => omInProcess(suite.home, ['--context', suite.name('main'), ...args]);
    const status = await om('runtime', 'status');
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.out, /flows in progress \(1\):/);
    assert.match(status.out, new RegExp(`^\\s+${r.id}\\s+sequence\\s+2\\s+1\\s+0\\s+1$`, 'm'));
    const shown = await om('runtime', 'flow', r.id);
    assert.match(
      shown.out,
      new RegExp(`^flow ${r.id}: sequence of 2: running \\(1 done, 0 running, 1 waiting\\)$`, 'm'),
    );
    assert.match(shown.out, /^1\s+waiting\s+later\s+ping\s+-/m);
    const flows = JSON.parse((await om('--json', 'runtime', 'status')).out) as { flows: FlowInfo[] };
    assert.deepEqual(
      flows.flows.map((f) => f.id),
      [r.id],
    );
    const C = await suite.startWorker({ labels: ['later'] });
    await r;
    const done = await om('runtime', 'flow', r.id, '--wait');
    assert.match(done.out, /sequence of 2: succeeded \(2 done, 0 running, 0 waiting\)/);
    assert.doesNotMatch((await om('runtime', 'status')).out, /flows in progress/);
    await C.stop();
    const unknown = await om('runtime', 'flow', randomUUID());
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /^error: flow \S+ is not known/);
  });

  it('a flow runs all in this process or all on workers: local mode for all, mixing is a ValidationError', async () => {
    const runtime = suite.om().runtime;
    const [pong] = (await runtime
      .mode({ local: true })
      .parallel((crt) => void crt.require('gpu').mode({ local: true }).ping())
      .run()) as PingResult[];
    assert.match(pong?.worker ?? '', /^local@/);
    assert.equal(pong?.label, 'gpu', 'the label is kept');
    assert.throws(
      () =>
        runtime.parallel((crt) => {
          crt.ping();
          crt.require('local').ping();
        }),
      /runs either in this process or on workers: 1 of its 2 tasks asked for local mode/,
    );
  });

  it('1,000 tasks in one parallel flow', { timeout: 120_000 }, async () => {
    const results = (await suite
      .om()
      .runtime.parallel((crt) => {
        for (let i = 0; i < 1000; i++) crt.model('m').predict([[i % 10, 5]]);
      })
      .run()) as string[][];
    assert.equal(results.length, 1000);
    const expected = await local()
      .model('m')
      .predict(Array.from({ length: 10 }, (_, i) => [i, 5]));
    assert.deepEqual(
      results,
      results.map((_, i) => [expected[i % 10]]),
    );
  });
});
