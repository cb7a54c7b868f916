import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RandomForestClassifier } from 'ml-random-forest';
import { type CollectingRuntime, type FlowBuilder, TaskError, ValidationError } from '../../../src/index.js';
import type { ScriptRun } from '../../../src/runtime/outcome.js';
import { ENGINES, suiteContext } from '../../helpers/engines.js';
import { trainingRows } from '../bullmq/training.js';

const STEP = fileURLToPath(new URL('../../fixtures/runtime/flow-step.js', import.meta.url));
const COMBINE = fileURLToPath(new URL('../../fixtures/runtime/flow-combine.js', import.meta.url));
const forest = () => new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true });

for (const engine of ENGINES) {
  describe(`local flows (${engine})`, () => {
    const t = suiteContext(engine, async (om) => {
      await om.scripts.put(STEP, 'step');
      await om.scripts.put(COMBINE, 'combine');
      const rows = trainingRows(60);
      await om.datasets.put(rows, 'train');
      for (const part of ['p1', 'p2', 'p3'])
        await om.datasets.put(trainingRows(5, ['lt', 'ge'], part.length + Number(part[1])), part);
      await om.models.put(forest(), 'm');
      await om.runtime.model('m').fit('train[a,b]', 'train[label]');
      await om.models.put(forest(), 'num');
      await om.runtime.model('num').fit(
        rows.map((r) => [r.a, r.b]),
        rows.map((r) => (r.label === 'lt' ? 0 : 1)),
      );
    });
    const marked = async (step: string) => t.om.datasets.exists(`marks/${step}`);

    it('parallel: results in the order added, id at once, getall and info', async () => {
      const runtime = t.om.runtime;
      const flow = runtime.parallel((crt) => {
        for (const part of ['p1', 'p2', 'p3']) crt.model('m').predict(`${part}[a,b]`);
        crt.ping({ hello: 1 });
      });
      assert.equal(flow.size, 4);
      const r = flow.run();
      assert.match(r.id, /^[0-9a-f-]{36}$/);
      const results = await r;
      assert.equal(results.length, 4);
      for (const [i, part] of ['p1', 'p2', 'p3'].entries()) {
        assert.deepEqual(results[i], await runtime.model('m').predict(`${part}[a,b]`));
      }
      assert.deepEqual((results[3] as { payload: unknown }).payload, { hello: 1 });
      assert.deepEqual(await r.getall(), results);
      assert.equal(await r.status(), 'succeeded');
      const info = await runtime.flow(r.id).info();
      assert.equal(info.kind, 'parallel');
      assert.deepEqual(
        info.steps.map((s) => [s.index, s.action, s.object, s.status]),
        [
          [0, 'model predict', 'm', 'succeeded'],
          [1, 'model predict', 'm', 'succeeded'],
          [2, 'model predict', 'm', 'succeeded'],
          [3, 'ping', null, 'succeeded'],
        ],
      );
      assert.deepEqual(await runtime.flow(r.id), results, 'a handle by id gives the same results');
    });

    it('sequence: one after the other; a failure in the middle stops it, the rest never run', async () => {
      const r = t.om.runtime
        .sequence((crt) => {
          crt.script('step').run({ step: 's1' });
          crt.script('step').run({ step: 's2', fail: true });
          crt.script('step').run({ step: 's3' });
        })
        .run();
      await assert.rejects(r.result(), (error: unknown) => {
        assert.ok(error instanceof TaskError);
        assert.match(
          error.message,
          /sequence of 3\) failed at step 1 \(script step, label default\): Error: step s2 fails on purpose/,
        );
        assert.match(error.message, /not run: step 2/);
        return true;
      });
      assert.equal(await marked('s1'), true);
      assert.equal(await marked('s3'), false, 'the step after the failure never ran');
      assert.equal(await r.status(), 'failed');
      assert.deepEqual(
        (await r.info()).steps.map((s) => s.status),
        ['succeeded', 'failed', 'skipped'],
      );
    });

    it('sequence: a fit then a predict predicts with the version the fit made', async () => {
      await t.om.models.put(forest(), 'fresh');
      const [meta, predicted] = (await t.om.runtime
        .sequence((crt) => {
          crt.model('fresh').fit('train[a,b]', 'train[label]');
          crt.model('fresh').predict('p1[a,b]');
        })
        .run()) as [{ kindMeta: { fitted: boolean } }, string[]];
      assert.equal(meta.kindMeta.fitted, true);
      assert.deepEqual(predicted, await t.om.runtime.model('fresh').predict('p1[a,b]'));
    });

    it('sequence: a job prepares the data that the next step fits on (it need not exist at submission)', async () => {
      const om = t.om;
      const name = `prepared-local`;
      await om.jobs.create(
        `const rows = await om.datasets.get('train'); await om.datasets.put(rows, '${name}', { append: false }); rows.length`,
        `prepare-local`,
      );
      await om.models.put(forest(), `trained-local`);
      assert.equal(await om.datasets.exists(name), false);
      const [run, meta] = (await om.runtime
        .sequence((crt) => {
          crt.job(`prepare-local`).run();
          crt.model(`trained-local`).fit(`${name}[a,b]`, `${name}[label]`);
        })
        .run()) as [{ name: string }, { kindMeta: { fitted: boolean }; attributes: { dataset: unknown } }];
      assert.match(run.name, /^results\/prepare-local_/);
      assert.equal(meta.kindMeta.fitted, true);
      // The fit read what the job had just written: revision 1 of it.
      assert.deepEqual(meta.attributes.dataset, {
        X: `${name}[a,b]`,
        Y: `${name}[label]`,
        revisions: { X: 1, Y: 1 },
      });
    });

    it('a step that never runs leaves none of its large literal data behind', async () => {
      const om = t.om;
      const big = Array.from({ length: 30_000 }, (_, i) => [(i % 97) + 0.123456, (i % 89) + 0.654321]);
      const r = om.runtime
        .sequence((crt) => {
          crt.script('step').run({ step: 'big0', fail: true });
          crt.model('m').predict(big);
        })
        .run();
      await r.submitted();
      assert.equal((await om.datasets.list('_temp/*', { includeTemp: true })).length, 1, 'stored as a temp dataset');
      await assert.rejects(r.result(), /not run: step 1/);
      assert.deepEqual(await om.datasets.list('_temp/*', { includeTemp: true }), []);
    });

    it('sequence: each step starts after the one before has ended', async () => {
      const runs = (await t.om.runtime
        .sequence((crt) => {
          crt.script('step').run({ step: 'q1', ms: 50 });
          crt.script('step').run({ step: 'q2' });
        })
        .run()) as ScriptRun[];
      assert.deepEqual(
        runs.map((run) => run.result),
        ['q1', 'q2'],
      );
      assert.ok((runs[0] as ScriptRun).ended <= (runs[1] as ScriptRun).started);
    });

    it('result({ timeoutMs }) gives up waiting; the flow goes on', async () => {
      const r = t.om.runtime.sequence((crt) => void crt.script('step').run({ step: 't1', ms: 300 })).run();
      await assert.rejects(r.result({ timeoutMs: 20 }), /flow \S+ did not finish within 20 ms \(it is still running\)/);
      assert.equal(await r.status(), 'running');
      assert.equal(((await r) as ScriptRun[])[0]?.result, 't1');
    });

    it('parallel: the steps run at once', async () => {
      const [first, second] = (await t.om.runtime
        .parallel((crt) => {
          crt.script('step').run({ step: 'c1', ms: 150 });
          crt.script('step').run({ step: 'c2', ms: 150 });
        })
        .run()) as ScriptRun[];
      assert.ok(first && second && first.started < second.ended && second.started < first.ended, 'the runs overlapped');
    });

    it('parallel: one failure fails the flow, listed; the others still finish', async () => {
      const r = t.om.runtime
        .parallel((crt) => {
          crt.script('step').run({ step: 'a1', ms: 30 });
          crt.script('step').run({ step: 'a2', fail: true });
          crt.script('step').run({ step: 'a3', ms: 30 });
          crt.script('step').run({ step: 'a4', fail: true });
        })
        .run();
      await assert.rejects(r.result(), (error: unknown) => {
        assert.ok(error instanceof TaskError);
        assert.match(
          error.message,
          /parallel of 4\): 2 steps failed — step 1 \(script step.*step a2 fails.*; step 3 \(script step.*step a4 fails/,
        );
        return true;
      });
      assert.equal(await marked('a1'), true);
      assert.equal(await marked('a3'), true);
    });

    it('mapreduce into a script: the last task gets { results } in its payload', async () => {
      const [p1, p2, combined] = (await t.om.runtime
        .mapreduce((crt) => {
          crt.model('m').predict('p1[a,b]');
          crt.model('m').predict('p2[a,b]');
          crt.script('combine').run({ note: 'kept' });
        })
        .run()) as [unknown, unknown, ScriptRun];
      assert.deepEqual(combined.result, { count: 2, results: [p1, p2], note: 'kept' });
    });

    it('mapreduce into a model: the last task gets the results as X (one row per mapped task)', async () => {
      const [first, second, reduced] = (await t.om.runtime
        .mapreduce((crt) => {
          crt.model('num').predict([
            [1, 2],
            [2, 1],
          ]);
          crt.model('num').predict([
            [3, 4],
            [5, 1],
          ]);
          crt.model('num').predict();
        })
        .run()) as number[][];
      assert.deepEqual(reduced, await t.om.runtime.model('num').predict([first, second]));
      assert.equal(reduced?.length, 2);
    });

    it('mapreduce: a failed mapped task means the last one does not run', async () => {
      const r = t.om.runtime
        .mapreduce((crt) => {
          crt.script('step').run({ step: 'm1' });
          crt.script('step').run({ step: 'm2', fail: true });
          crt.script('step').run({ step: 'm3' });
        })
        .run();
      await assert.rejects(r.result(), /1 step failed — step 1 \(script step.*not run: step 2/);
      assert.equal(await marked('m1'), true);
      assert.equal(await marked('m3'), false);
    });

    it('bad flows are ValidationErrors: empty, a one-task mapreduce, mixed local, an async builder, X on the reducer', async () => {
      const runtime = t.om.runtime;
      assert.throws(() => runtime.parallel(() => undefined), ValidationError);
      assert.throws(() => runtime.sequence(() => undefined), /empty sequence/);
      assert.throws(() => runtime.mapreduce((crt) => void crt.ping()), /at least two tasks/);
      assert.throws(
        () => runtime.mode({ local: false }).parallel((crt) => void crt.ping()),
        /no broker/,
        'a context without a broker runs flows locally only',
      );
      assert.throws(
        () =>
          runtime.parallel((async (crt: CollectingRuntime) => {
            crt.ping();
          }) as unknown as FlowBuilder),
        /synchronously/,
      );
      await assert.rejects(
        runtime
          .mapreduce((crt) => {
            crt.ping();
            crt.model('m').predict('p1[a,b]');
          })
          .run()
          .result(),
        /give predict of models\/m no X/,
      );
      await assert.rejects(
        runtime
          .mapreduce((crt) => {
            crt.ping();
            crt.script('combine').run(5);
          })
          .run()
          .result(),
        ValidationError,
      );
      await assert.rejects(
        runtime
          .parallel((crt) => void crt.model('missing').predict('p1'))
          .run()
          .result(),
        /does not exist/,
      );
    });

    it('a collected task is not sent on its own: awaiting it says to run the flow', async () => {
      let collected: Promise<unknown> | undefined;
      t.om.runtime.parallel((crt) => {
        collected = crt.ping().result();
      });
      await assert.rejects(
        collected as Promise<unknown>,
        /collected for a flow is not sent on its own: run\(\) the flow/,
      );
    });

    it('1,000 tasks in one parallel flow', async () => {
      const results = await t.om.runtime
        .parallel((crt) => {
          for (let i = 0; i < 1000; i++) crt.model('m').predict([[i % 10, 5]]);
        })
        .run();
      assert.equal(results.length, 1000);
      assert.deepEqual(results[3], await t.om.runtime.model('m').predict([[3, 5]]));
    });
  });
}
