// What each ml.js library does on its own, and how the codecs and the adapter deal with it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../src/errors.js';
import { estimatorFor, mljsCodecs, untrainedKNN, untrainedLinearRegression } from '../../../src/models/mljs/index.js';
import {
  DecisionTreeClassifier,
  GaussianNB,
  KNN,
  type KNNOptions,
  MultivariateLinearRegression,
  RandomForestClassifier,
  RandomForestRegression,
} from '../../../src/models/mljs/lib.js';
import type { ModelCodec } from '../../../src/models/model-codec.js';
import { CASES, prng, test, train } from './fixtures.js';

function codecOf(kind: string): ModelCodec {
  const codec = mljsCodecs.find((c) => c.kind === kind);
  assert.ok(codec);
  return codec;
}

async function roundTrip<T>(kind: string, model: T): Promise<T> {
  const codec = codecOf(kind);
  return (await codec.decode(Buffer.from((await codec.encode(model)).bytes), {})) as T;
}

function invalid(pattern: RegExp) {
  return (err: unknown) => err instanceof ValidationError && pattern.test(err.message);
}

describe('the adapter and the libraries', () => {
  it("predicts what the library's own predict does (numeric labels), GaussianNB aside", async () => {
    for (const c of CASES.filter((c) => c.className !== 'GaussianNB')) {
      const model = c.make();
      await estimatorFor(model).fit(train.X, c.task === 'classification' ? train.classes : train.target);
      const own = c.direct(model, test.X);
      const expected = c.className === 'MultivariateLinearRegression' ? (own as number[][]).map((r) => r[0]) : own;
      assert.deepEqual(await estimatorFor(model).predict(test.X), expected, c.className);
    }
  });

  it('GaussianNB predicts from every feature (the library’s own predict reads only the first two)', async () => {
    const random = prng(3);
    const X: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 100; i++) {
      const c = i % 2;
      X.push([random(), random(), c * 3 + random(), c * 3 + random()]);
      y.push(c);
    }
    const nb = new GaussianNB();
    const estimator = estimatorFor(nb);
    await estimator.fit(X, y);
    assert.equal(await estimator.score(X, y), 1);
    const own = nb.predict(X);
    assert.ok(own.filter((p, i) => p === y[i]).length < 80, 'the library is near chance here');
    // Far from every class, where the library answers -1 (all probabilities underflow), and with
    // features + 1 rows, where it throws.
    const far = [[100, 100, 100, 100]];
    assert.deepEqual(nb.predict(far), [-1]);
    const [farClass] = await estimator.predict(far);
    assert.ok(farClass === 0 || farClass === 1);
    assert.equal((await estimator.predict(X.slice(0, 5))).length, 5);
    const [proba] = await (estimator.predictProba?.([[0.5, 0.5, 3.5, 3.5]]) ?? []);
    assert.ok(proba !== undefined && (proba[1] ?? 0) > 0.99);
  });

  it('trees and forests come back with maxDepth Infinity (JSON null), so they retrain alike', async () => {
    const tree = new DecisionTreeClassifier({ minNumSamples: 2 });
    const forest = new RandomForestRegression({
      nEstimators: 5,
      seed: 9,
      noOOB: true,
      treeOptions: { minNumSamples: 2 },
    });
    for (const [kind, model, Y] of [
      ['mljs.decision-tree-classifier', tree, train.species],
      ['mljs.random-forest-regression', forest, train.target],
    ] as const) {
      const untrained = await roundTrip(kind, model);
      await estimatorFor(model).fit(train.X, Y);
      const decoded = await roundTrip(kind, model);
      await estimatorFor(untrained).fit(train.X, Y);
      await estimatorFor(decoded).fit(train.X, Y);
      const expected = await estimatorFor(model).predict(test.X);
      assert.deepEqual(await estimatorFor(untrained).predict(test.X), expected, kind);
      assert.deepEqual(await estimatorFor(decoded).predict(test.X), expected, kind);
    }
    assert.equal(tree.options.maxDepth, Number.POSITIVE_INFINITY);
    const decodedTree = await roundTrip('mljs.decision-tree-classifier', tree);
    assert.equal(decodedTree.options.maxDepth, Number.POSITIVE_INFINITY);
  });

  it('a forest with too few estimators for out-of-bag results fails to fit with a hint', async () => {
    const forest = new RandomForestRegression({ nEstimators: 3, seed: 9 });
    await assert.rejects(estimatorFor(forest).fit(train.X, train.target), invalid(/could not fit: .*noOOB/));
  });

  it('a decoded forest keeps the options and feature count load forgets', async () => {
    const forest = new RandomForestClassifier({ nEstimators: 5, seed: 2, noOOB: true, maxSamples: 50 });
    await estimatorFor(forest).fit(train.X, train.species);
    const decoded = await roundTrip('mljs.random-forest-classifier', forest);
    assert.equal(decoded.noOOB, true);
    assert.equal(decoded.maxSamples, 50);
    assert.equal(decoded.numberFeatures, 4);
  });

  it('models trained with the library directly: the facts it keeps, a lower bound for trees', async () => {
    const forest = new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true });
    forest.train(train.X, train.classes);
    const encoded = await codecOf('mljs.random-forest-classifier').encode(forest);
    assert.deepEqual(encoded.meta, { class: 'RandomForestClassifier', features: 4, classes: [0, 1, 2] });
    const proba = await estimatorFor(forest).predictProba?.(test.X);
    assert.equal(proba?.[0]?.length, 3);

    const tree = new DecisionTreeClassifier({});
    tree.train(train.X, train.classes);
    const meta = (await codecOf('mljs.decision-tree-classifier').encode(tree)).meta;
    assert.deepEqual(meta, { class: 'DecisionTreeClassifier', classes: [0, 1, 2] });
    for (const model of [tree, await roundTrip('mljs.decision-tree-classifier', tree)]) {
      const estimator = estimatorFor(model);
      assert.deepEqual(await estimator.predict(test.X), tree.predict(test.X));
      await assert.rejects(
        estimator.predict(test.X.map((row) => row.slice(0, 1))),
        invalid(/at least \d features, got 1/),
      );
    }
  });

  it('a model retrained outside omegats drops the labels recorded at fit', async () => {
    const tree = new DecisionTreeClassifier({});
    await estimatorFor(tree).fit(train.X, train.species);
    assert.equal((await estimatorFor(tree).predict(test.X))[0], 'setosa');
    tree.train(train.X, train.classes);
    assert.equal((await estimatorFor(tree).predict(test.X))[0], 0);
    assert.deepEqual((await codecOf('mljs.decision-tree-classifier').encode(tree)).meta?.classes, [0, 1, 2]);
  });

  it('KNN: any labels as they are, k kept on refit, euclidean only', async () => {
    const knn = untrainedKNN();
    await estimatorFor(knn).fit(train.X, train.species);
    assert.equal(knn.k, 4, 'the library default: classes + 1');
    await estimatorFor(knn).fit(train.X, train.classes);
    assert.equal(knn.k, 4);
    assert.deepEqual((await codecOf('mljs.knn').encode(knn)).meta?.classes, [0, 1, 2]);
    assert.throws(() => untrainedKNN({ k: 0 }), invalid(/k must be a positive integer/));

    // ml-knn also calls the distance with a plain object keyed by feature index.
    const manhattan = (a: Record<number, number>, b: Record<number, number>) => {
      let sum = 0;
      for (let i = 0; i < 4; i++) sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
      return sum;
    };
    const custom = new KNN(train.X, train.classes, { k: 3, distance: manhattan } as KNNOptions);
    assert.equal((await estimatorFor(custom).predict(test.X)).length, test.X.length);
    await assert.rejects(codecOf('mljs.knn').encode(custom), invalid(/custom distance/));
  });

  it('MultivariateLinearRegression: several outputs, no intercept, statistics kept', async () => {
    const Y = train.X.map(([a = 0, b = 0, c = 0]) => [a + b, 2 * c - 1]);
    const mlr = new MultivariateLinearRegression(train.X, Y);
    const estimator = estimatorFor(mlr);
    const predicted = (await estimator.predict(test.X)) as number[][];
    assert.equal(predicted[0]?.length, 2);
    await assert.rejects(estimator.score(test.X, test.target), invalid(/several outputs/));
    const encoded = await codecOf('mljs.linear-regression').encode(mlr);
    assert.deepEqual(encoded.meta, { class: 'MultivariateLinearRegression', features: 4, outputs: 2 });
    const decoded = await roundTrip('mljs.linear-regression', mlr);
    assert.deepEqual(await estimatorFor(decoded).predict(test.X), predicted);
    assert.deepEqual(decoded.stdErrors, mlr.stdErrors);
    assert.doesNotThrow(() => JSON.stringify(decoded), "the library's toJSON works on a decoded model");

    const origin = untrainedLinearRegression({ intercept: false, statistics: false });
    await estimatorFor(origin).fit(
      train.X,
      train.X.map(([a = 0]) => 3 * a),
    );
    assert.equal(origin.intercept, false);
    assert.equal(origin.stdErrors, undefined);
    const [y] = (await estimatorFor(await roundTrip('mljs.linear-regression', origin)).predict([
      [2, 0, 0, 0],
    ])) as number[];
    assert.ok(Math.abs((y ?? 0) - 6) < 1e-9);
  });
});
