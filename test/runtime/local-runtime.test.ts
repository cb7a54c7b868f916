import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RandomForestClassifier } from 'ml-random-forest';
import { NotFoundError, TaskError, ValidationError } from '../../src/index.js';
import { DecisionTreeClassifier } from '../../src/models/mljs/lib.js';
import type { Metadata } from '../../src/store/metadata.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { irisLike } from '../models/mljs/fixtures.js';

const iris = irisLike(90, 5);
const rows = iris.X.map(([sl, sw, pl, pw], i) => ({ sl, sw, pl, pw, species: iris.species[i] }));

for (const engine of ENGINES) {
  describe(`local runtime (${engine})`, () => {
    const t = suiteContext(engine, async (om) => {
      await om.datasets.put(rows, 'iris');
      await om.models.put(new RandomForestClassifier({ nEstimators: 10, seed: 1, noOOB: true }), 'forest');
    });

    it('fits from dataset names: a new version, its training data and task recorded', async () => {
      const before = await t.om.models.revisions('forest');
      const task = t.om.runtime.model('forest').fit('iris[sl,sw,pl,pw]', 'iris[species]');
      assert.match(task.id, /^[0-9a-f-]{36}$/);
      const meta = await task;
      assert.equal(meta.kindMeta.fitted, true);
      const revision = (await t.om.datasets.metadata('iris'))?.kindMeta.revision;
      assert.deepEqual(meta.attributes.dataset, {
        X: 'iris[sl,sw,pl,pw]',
        Y: 'iris[species]',
        revisions: { X: revision, Y: revision },
      });
      const recorded = meta.attributes.task as { id: string; action: string; worker: string };
      assert.equal(recorded.id, task.id);
      assert.equal(recorded.action, 'fit');
      assert.match(recorded.worker, /^local@/);
      assert.equal(await task.status(), 'succeeded');
      assert.equal((await t.om.models.revisions('forest')).length, before.length + 1);
      assert.ok(meta.created instanceof Date, 'metadata dates are revived');
    });

    it('predicts literal rows and dataset rows; score and predictProba', async () => {
      const model = t.om.runtime.model('forest');
      assert.deepEqual(await model.predict([iris.X[0], iris.X[89]]), [iris.species[0], iris.species[89]]);
      const predicted = (await model.predict('iris[sl,sw,pl,pw]')) as string[];
      assert.equal(predicted.length, rows.length);
      const score = await model.score('iris[sl,sw,pl,pw]', 'iris[species]');
      assert.ok(score > 0.9 && score <= 1, `score ${score}`);
      const proba = (await model.predictProba([iris.X[0]])) as number[][];
      assert.equal(proba[0]?.length, 3);
      assert.ok(Math.abs((proba[0] ?? []).reduce((a, b) => a + b, 0) - 1) < 1e-9);
    });

    it("'*' uses the training data the model recorded", async () => {
      const score = await t.om.runtime.model('forest').score('*', '*');
      assert.ok(score > 0.9);
      await t.om.models.put(new DecisionTreeClassifier(), 'untrained');
      await assert.rejects(
        async () => await t.om.runtime.model('untrained').predict('*'),
        (error: unknown) => {
          assert.ok(error instanceof TaskError);
          assert.match(error.message, /no X dataset recorded/);
          return true;
        },
      );
    });

    it('resultName stores the predictions as a dataset and resolves to its metadata', async () => {
      const meta = (await t.om.runtime
        .model('forest')
        .predict('iris[sl,sw,pl,pw]', { resultName: 'pred' })) as Metadata;
      assert.equal(meta.name, 'pred');
      assert.equal(meta.kind, 'table');
      const stored = (await t.om.datasets.get('pred')) as { y: string }[];
      assert.equal(stored.length, rows.length);
      assert.deepEqual(Object.keys(stored[0] ?? {}), ['y']);
      // A second run replaces the result instead of appending to it.
      await t.om.runtime.model('forest').predict([iris.X[0]], { resultName: 'pred' });
      assert.equal(((await t.om.datasets.get('pred')) as unknown[]).length, 1);
    });

    it('older versions run through name^ and name@tag', async () => {
      await t.om.models.put(new RandomForestClassifier({ nEstimators: 5, seed: 2, noOOB: true }), 'versions', {
        tag: 'raw',
      });
      await t.om.runtime.model('versions').fit('iris[sl,sw,pl,pw]', 'iris[species]');
      assert.equal(((await t.om.runtime.model('versions').predict([iris.X[0]])) as unknown[]).length, 1);
      for (const old of ['versions^', 'versions@raw']) {
        await assert.rejects(async () => await t.om.runtime.model(old).predict([iris.X[0]]), /not trained|fit/i);
      }
    });

    it('large literal data travels as a temp dataset that is gone when the task ends', async () => {
      const big = Array.from({ length: 12_000 }, (_, i) => iris.X[i % iris.X.length]);
      const predicted = (await t.om.runtime.model('forest').predict(big)) as unknown[];
      assert.equal(predicted.length, big.length);
      assert.deepEqual(await t.om.datasets.list('_temp/*', { includeTemp: true }), []);
      const failed = t.om.runtime.model('forest').predict(big.map((row) => [...(row ?? []), 1]));
      await assert.rejects(failed.result(), /expects 4 features, got 5/);
      assert.deepEqual(await t.om.datasets.list('_temp/*', { includeTemp: true }), [], 'a failed task drops them too');
    });

    it('a model that does not exist is a NotFoundError at submission; so is a missing dataset', async () => {
      const task = t.om.runtime.model('missing').predict([[1, 2, 3, 4]]);
      assert.match(task.id, /^[0-9a-f-]{36}$/);
      await assert.rejects(task.result(), NotFoundError);
      assert.equal(await task.status(), 'failed');
      await assert.rejects(
        async () => await t.om.runtime.model('forest').predict('nosuchdata'),
        (error: unknown) => {
          assert.ok(error instanceof NotFoundError);
          assert.match(error.message, /data\/nosuchdata/);
          return true;
        },
      );
      await assert.rejects(
        async () =>
          await t.om
            .bucket('other')
            .runtime.model('forest')
            .predict([[1, 2, 3, 4]]),
        NotFoundError,
      );
    });

    it('model errors where the task runs are TaskErrors carrying the remote message', async () => {
      await t.om.models.put(new RandomForestClassifier({ nEstimators: 5 }), 'fresh');
      await assert.rejects(
        async () => await t.om.runtime.model('fresh').predict([[1, 2, 3, 4]]),
        (error: unknown) => {
          assert.ok(error instanceof TaskError);
          assert.equal(error.code, 'OMEGA_TASK_FAILED');
          assert.match(error.message, /ValidationError: .*(not trained|fit)/i);
          return true;
        },
      );
      await assert.rejects(
        async () => await t.om.runtime.model('forest').predict([[1, 2, 3]]),
        /model expects 4 features, got 3/,
      );
      await assert.rejects(
        async () => await t.om.runtime.model('forest').predict([['a', 'b', 'c', 'd']]),
        /not a finite number/,
      );
      await assert.rejects(
        async () => await t.om.runtime.model('forest').transform([[1, 2, 3, 4]]),
        /cannot transform/,
      );
      await assert.rejects(
        async () => await t.om.runtime.model('forest').partialFit([[1, 2, 3, 4]], ['x']),
        /cannot partialFit/,
      );
      await assert.rejects(async () => await t.om.runtime.model('forest').fit('iris[sl,sw]', 'iris'), /one column/);
      await assert.rejects(
        async () => await t.om.runtime.model('forest').fit('iris[sl]', 'iris[species]', { params: { epochs: 3 } }),
        /take no parameters \(got epochs\)/,
      );
    });

    it('bad arguments are ValidationErrors before anything is sent', async () => {
      assert.throws(() => t.om.runtime.model('bad@@name'), ValidationError);
      assert.throws(() => t.om.runtime.require('no such label'), ValidationError);
      await assert.rejects(
        async () => await t.om.runtime.model('forest').predict(42),
        /X must be a dataset name or an array/,
      );
      await assert.rejects(async () => await t.om.runtime.model('forest').predict({ a: 1 }), ValidationError);
      const notJson = (error: unknown) =>
        error instanceof ValidationError && /X cannot be sent as JSON.*bigints or cycles/.test(error.message);
      await assert.rejects(async () => await t.om.runtime.model('forest').predict([[1n, 2, 3, 4]]), notJson);
      const circular: unknown[] = [[1, 2, 3, 4]];
      circular.push(circular);
      await assert.rejects(async () => await t.om.runtime.model('forest').predict(circular), notJson);
      await assert.rejects(async () => await t.om.runtime.model('forest').predict('../etc'), ValidationError);
      await assert.rejects(
        async () => await t.om.runtime.model('forest').predict([[1, 2, 3, 4]], { resultName: 'bad/../name' }),
        /malformed task message: resultName/,
      );
    });

    it('require() and mode() return new runtimes; ping reports the requested label', async () => {
      const runtime = t.om.runtime;
      const gpu = runtime.require('gpu');
      assert.notEqual(gpu, runtime);
      assert.equal(runtime.label, undefined);
      assert.equal(gpu.label, 'gpu');
      const ping = await gpu.ping({ fox: 'bar' });
      assert.equal(ping.label, 'gpu');
      assert.equal(ping.context, t.om.context);
      assert.equal(ping.bucket, 'default');
      assert.deepEqual(ping.payload, { fox: 'bar' });
      assert.equal((await runtime.ping()).label, 'default');
      assert.equal(runtime.require('local').isLocal, true);
      assert.equal((await t.om.bucket('b2').runtime.ping()).bucket, 'b2');
      // This context has no broker: asking for workers is an error that says so.
      await assert.rejects(async () => await runtime.mode({ local: false }).ping(), /has no broker/);
    });

    it('a model bound to a label is routed there unless require() says otherwise', async () => {
      await t.om.models.put(new RandomForestClassifier({ nEstimators: 5, seed: 3, noOOB: true }), 'bound', {
        attributes: { require: { label: 'gpu' } },
      });
      const fitted = await t.om.runtime.model('bound').fit('iris[sl,sw,pl,pw]', 'iris[species]');
      assert.equal((fitted.attributes.require as { label: string }).label, 'gpu');
      await t.om.models.put(new RandomForestClassifier({ nEstimators: 5 }), 'badlabel', {
        attributes: { require: { label: 'not a label' } },
      });
      await assert.rejects(async () => await t.om.runtime.model('badlabel').predict([[1, 2, 3, 4]]), /invalid label/);
    });

    it('result(id) finds a finished task; result with a timeout and an unknown id', async () => {
      const task = t.om.runtime.model('forest').predict([iris.X[0]]);
      const first = await task.result({ timeoutMs: 10_000 });
      assert.deepEqual(await t.om.runtime.result(task.id), first);
      await assert.rejects(
        async () => await t.om.runtime.result('00000000-0000-4000-8000-000000000000'),
        NotFoundError,
      );
    });
  });
}
