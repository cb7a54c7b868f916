// A caller's own copy of the ml.js packages (as with a linked install of omegats): its classes are
// not omegats' classes, yet its models are stored, restored (as omegats' classes) and run.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ValidationError } from '../../../src/index.js';
import { estimatorFor, mljsCodecs } from '../../../src/models/mljs/index.js';
import * as own from '../../../src/models/mljs/lib.js';
import { ENGINES, suiteContext } from '../../helpers/engines.js';
import { irisLike } from './fixtures.js';

const NODE_MODULES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../node_modules');
/** Copied: a second instance of each. Their other dependencies (ml-matrix…) are linked. */
const COPIED = [
  'ml-random-forest',
  'ml-cart',
  'ml-naivebayes',
  'ml-logistic-regression',
  'ml-knn',
  'ml-regression-multivariate-linear',
];

/** A temporary project whose node_modules holds copies of the ml.js packages; its `require`. */
function secondCopy(root: string): NodeJS.Require {
  const modules = join(root, 'node_modules');
  mkdirSync(modules);
  for (const name of COPIED) cpSync(join(NODE_MODULES, name), join(modules, name), { recursive: true });
  for (const name of COPIED) {
    const { dependencies = {} } = JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    for (const dep of Object.keys(dependencies)) {
      if (!existsSync(join(modules, dep))) symlinkSync(join(NODE_MODULES, dep), join(modules, dep), 'dir');
    }
  }
  return createRequire(join(root, 'index.js'));
}

type Trainable = { train(...args: unknown[]): void; predict(X: unknown): unknown };
type Ctor = new (...args: unknown[]) => Trainable;

const data = irisLike(60, 3);
const root = mkdtempSync(join(tmpdir(), 'omegats-second-copy-'));
const foreign = secondCopy(root);
const forests = foreign('ml-random-forest') as Record<string, Ctor>;
const cart = foreign('ml-cart') as Record<string, Ctor>;
const bayes = foreign('ml-naivebayes') as Record<string, Ctor>;
const LogisticRegression = foreign('ml-logistic-regression') as Ctor;
const KNN = foreign('ml-knn') as Ctor;
const LinearRegression = foreign('ml-regression-multivariate-linear') as Ctor;

/** Per class: omegats' class, and a model of the second copy, trained with that library's own API. */
const CASES: { className: string; kind: string; own: unknown; trained: () => object }[] = [
  {
    className: 'RandomForestClassifier',
    kind: 'mljs.random-forest-classifier',
    own: own.RandomForestClassifier,
    trained: () => trainedWith(forests.RandomForestClassifier, [{ nEstimators: 8, seed: 3, noOOB: true }]),
  },
  {
    className: 'RandomForestRegression',
    kind: 'mljs.random-forest-regression',
    own: own.RandomForestRegression,
    trained: () => trainedWith(forests.RandomForestRegression, [{ nEstimators: 8, seed: 5, noOOB: true }], 'target'),
  },
  {
    className: 'DecisionTreeClassifier',
    kind: 'mljs.decision-tree-classifier',
    own: own.DecisionTreeClassifier,
    trained: () => trainedWith(cart.DecisionTreeClassifier, [{ minNumSamples: 2 }]),
  },
  {
    className: 'DecisionTreeRegression',
    kind: 'mljs.decision-tree-regression',
    own: own.DecisionTreeRegression,
    trained: () => trainedWith(cart.DecisionTreeRegression, [{ maxDepth: 6 }], 'target'),
  },
  {
    className: 'GaussianNB',
    kind: 'mljs.gaussian-nb',
    own: own.GaussianNB,
    trained: () => trainedWith(bayes.GaussianNB, []),
  },
  {
    className: 'LogisticRegression',
    kind: 'mljs.logistic-regression',
    own: own.LogisticRegression,
    trained: () => {
      const lr = new LogisticRegression({ numSteps: 300, learningRate: 0.01 });
      lr.train(new own.Matrix(data.X), own.Matrix.columnVector(data.classes));
      return lr;
    },
  },
  {
    className: 'KNN',
    kind: 'mljs.knn',
    own: own.KNN,
    trained: () => new KNN(data.X, data.classes, { k: 3 }),
  },
  {
    className: 'MultivariateLinearRegression',
    kind: 'mljs.linear-regression',
    own: own.MultivariateLinearRegression,
    trained: () =>
      new LinearRegression(
        data.X,
        data.target.map((y) => [y]),
      ),
  },
];

function trainedWith(cls: Ctor | undefined, args: unknown[], y: 'classes' | 'target' = 'classes'): Trainable {
  assert.ok(cls, 'the second copy exports the class');
  const model = new cls(...args);
  model.train(data.X, data[y]);
  return model;
}

after(() => rmSync(root, { recursive: true, force: true }));

describe('ml.js models of a second copy of the packages', () => {
  it('are recognised by shape, not instanceof, for every class', () => {
    for (const c of CASES) {
      const model = c.trained();
      assert.notEqual(model.constructor, c.own, `${c.className}: the copy has classes of its own`);
      assert.equal(model instanceof (c.own as new () => unknown), false);
      const codec = mljsCodecs.find((codec) => codec.supports(model));
      assert.equal(codec?.kind, c.kind, c.className);
    }
  });

  it("another library's class of the same name, or a class without the toJSON tag, is not an ml.js model", () => {
    class KNN {
      toJSON() {
        return { name: 'nearest' };
      }
    }
    class LogisticRegression {}
    for (const model of [new KNN(), new LogisticRegression(), Object.create(null), { name: 'KNN' }]) {
      assert.equal(
        mljsCodecs.some((codec) => codec.supports(model)),
        false,
      );
    }
    assert.throws(() => estimatorFor(new KNN()), ValidationError);
  });

  it('a subclass of an ml.js class is recognised as that class', () => {
    class TunedForest extends own.RandomForestClassifier {}
    const codec = mljsCodecs.find((codec) => codec.supports(new TunedForest({ nEstimators: 2 })));
    assert.equal(codec?.kind, 'mljs.random-forest-classifier');
  });
});

for (const engine of ENGINES) {
  describe(`models store with a second copy of ml.js (${engine})`, () => {
    const t = suiteContext(engine);
    before(() => assert.ok(forests.RandomForestClassifier));

    it('put + get restores every class as omegats’ copy, predicting as the original', async () => {
      for (const c of CASES) {
        const model = c.trained();
        const meta = await t.om.models.put(model, c.className);
        assert.equal(meta.kind, c.kind);
        assert.equal(meta.kindMeta.fitted, true);
        const restored = await t.om.models.get(c.className);
        assert.ok(restored instanceof (c.own as new () => unknown), `${c.className} is restored as omegats' class`);
        assert.deepEqual(
          await estimatorFor(restored).predict(data.X),
          await estimatorFor(model).predict(data.X),
          c.className,
        );
      }
    });

    it('an untrained model of the copy is stored, then fitted and run by the runtime', async () => {
      const Forest = forests.RandomForestClassifier as Ctor;
      const meta = await t.om.models.put(new Forest({ nEstimators: 8, seed: 3, noOOB: true }), 'iris');
      assert.equal(meta.kindMeta.fitted, false);
      const fitted = await t.om.runtime.model('iris').fit(data.X, data.classes);
      assert.equal(fitted.kindMeta.fitted, true);
      const reference = trainedWith(Forest, [{ nEstimators: 8, seed: 3, noOOB: true }]);
      assert.deepEqual(await t.om.runtime.model('iris').predict(data.X), reference.predict(data.X));
    });

    it('a trained model of the copy predicts through the runtime', async () => {
      const forest = trainedWith(forests.RandomForestClassifier, [{ nEstimators: 8, seed: 4, noOOB: true }]);
      await t.om.models.put(forest, 'trained');
      assert.deepEqual(await t.om.runtime.model('trained').predict(data.X), forest.predict(data.X));
    });
  });
}
