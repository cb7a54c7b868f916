import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OmegaError } from '../../src/index.js';
import { DecisionTreeClassifier } from '../../src/models/mljs/lib.js';
import type { ModelAction } from '../../src/runtime/message.js';
import type { ModelProxy } from '../../src/runtime/model-proxy.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { irisLike } from '../models/mljs/fixtures.js';

const iris = irisLike(30, 3);
const rows = iris.X.map(([sl, sw, pl, pw], i) => ({ sl, sw, pl, pw, species: iris.species[i] }));

/** What a call ends with: its result as JSON, or its error without the task id. */
async function ending(call: () => PromiseLike<unknown>): Promise<string> {
  try {
    return `ok ${JSON.stringify(await call())}`;
  } catch (error) {
    assert.ok(error instanceof OmegaError, String(error));
    return `${error.name} ${error.code} ${error.message.replace(/task [0-9a-f-]{36}/, 'task <id>')}`;
  }
}

for (const engine of ENGINES) {
  describe(`a local task run at once: resultOf (${engine})`, () => {
    const t = suiteContext(engine, async (om) => {
      await om.datasets.put(rows, 'iris');
      await om.models.put(new DecisionTreeClassifier(), 'tree');
      await om.runtime.model('tree').fit('iris[sl,sw,pl,pw]', 'iris[species]');
    });

    it('ends as awaiting the task does: results and errors, action by action', async () => {
      const model = t.om.runtime.model('tree');
      const cases: [ModelAction, unknown, unknown][] = [
        ['predict', [iris.X[0], iris.X[29]], undefined],
        ['predict', 'iris[sl,sw,pl,pw]', undefined],
        ['predictProba', [iris.X[0]], undefined],
        ['score', 'iris[sl,sw,pl,pw]', 'iris[species]'],
        ['predict', [[1, 2]], undefined],
        ['predict', [['a', 'b', 'c', 'd']], undefined],
        ['predict', 'missing', undefined],
        ['predict', 42, undefined],
        ['transform', [iris.X[0]], undefined],
        ['partialFit', [iris.X[0]], [0]],
      ];
      const kinds = new Set<string>();
      for (const [action, X, Y] of cases) {
        const byTask = await ending(() => taskOf(model, action, X, Y));
        const atOnce = await ending(() => model.resultOf(action, X, Y));
        assert.equal(atOnce, byTask, `${action} of ${JSON.stringify(X)}`);
        kinds.add(atOnce.split(' ')[0] as string);
      }
      assert.deepEqual([...kinds].sort(), ['NotFoundError', 'TaskError', 'ValidationError', 'ok']);
      const missing = t.om.runtime.model('nothing');
      assert.equal(
        await ending(() => missing.resultOf('predict', [iris.X[0]])),
        await ending(() => missing.predict([iris.X[0]])),
      );
      assert.match(await ending(() => missing.resultOf('predict', [iris.X[0]])), /^NotFoundError/);
    });

    it('serves a prediction of literal rows without a task; one that reads a dataset is listed', async () => {
      const before = (await t.om.runtime.tasks()).length;
      await t.om.runtime.model('tree').resultOf('predict', [iris.X[1]]);
      assert.equal((await t.om.runtime.tasks()).length, before);
      await t.om.runtime.model('tree').resultOf('predict', 'iris[sl,sw,pl,pw]');
      const [latest] = await t.om.runtime.tasks();
      assert.equal(latest?.action, 'model predict');
      assert.equal(latest?.object, 'tree');
      assert.equal(latest?.status, 'succeeded');
    });

    it('keeps large literal rows in memory: no temp dataset is written, the result is the task’s', async () => {
      const big = Array.from({ length: 40_000 }, (_, i) => iris.X[i % iris.X.length] as number[]);
      const model = t.om.runtime.model('tree');
      const byTask = await model.predict(big);
      const { datasets } = t.om;
      const put = datasets.put;
      const written: string[] = [];
      datasets.put = ((value: unknown, name: string, options?: never) => {
        written.push(name);
        return put.call(datasets, value, name, options);
      }) as typeof put;
      try {
        assert.deepEqual(await model.resultOf('predict', big), byTask);
        await model.predict(big);
      } finally {
        datasets.put = put;
      }
      assert.equal(written.length, 1, 'only the task wrote its temp dataset');
      assert.match(written[0] as string, /^_temp\//);
    });

    it('serves the latest version: a new fit is predicted with at once', async () => {
      await t.om.models.put(new DecisionTreeClassifier(), 'fresh');
      const fresh = t.om.runtime.model('fresh');
      await fresh.fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
      assert.deepEqual(await fresh.resultOf('predict', [[0], [3]]), [0, 1]);
      await fresh.fit([[0], [1], [2], [3]], [1, 1, 0, 0]);
      assert.deepEqual(await fresh.resultOf('predict', [[0], [3]]), [1, 0]);
    });
  });
}

function taskOf(model: ModelProxy, action: ModelAction, X: unknown, Y: unknown): PromiseLike<unknown> {
  switch (action) {
    case 'predict':
      return model.predict(X);
    case 'predictProba':
      return model.predictProba(X);
    case 'score':
      return model.score(X, Y);
    case 'transform':
      return model.transform(X);
    case 'partialFit':
      return model.partialFit(X, Y);
    default:
      throw new Error(`no case for ${action}`);
  }
}
