import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '../../../src/errors.js';
import { tfjsCodec, tfjsEstimator } from '../../../src/models/tfjs/index.js';

// Class 1 when x0 > x1, on a 4×4 grid off the diagonal.
const X = Array.from({ length: 16 }, (_, i) => [(i % 4) / 3, Math.floor(i / 4) / 3]).filter(([a, b]) => a !== b);
const LABELS = X.map(([a = 0, b = 0]) => (a > b ? 1 : 0));

function classifier(): tf.Sequential {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: 'softmax', kernelInitializer: 'zeros' })],
  });
  model.compile({ optimizer: tf.train.sgd(1), loss: 'categoricalCrossentropy' });
  return model;
}

describe('tfjsEstimator', () => {
  it('trains a softmax classifier on class indices and predicts labels and probabilities', async () => {
    const estimator = tfjsEstimator(classifier(), { epochs: 40, batchSize: 16, shuffle: false });
    assert.equal(estimator.kind, 'tfjs.layers');
    assert.equal(estimator.fitted, false);
    await estimator.fit(X, LABELS);
    assert.equal(estimator.fitted, true);
    assert.deepEqual(await estimator.predict(X), LABELS);
    assert.equal(await estimator.score(X, LABELS.map(String)), 1);
    const proba = await estimator.predictProba?.(X);
    assert.ok(proba);
    assert.equal(proba.length, X.length);
    for (const row of proba) assert.ok(Math.abs((row[0] ?? 0) + (row[1] ?? 0) - 1) < 1e-5);
  });

  it('checks labels against the softmax units', async () => {
    const estimator = tfjsEstimator(classifier());
    await assert.rejects(estimator.fit([[0, 1]], [2]), /takes class indices 0\.\.1/);
    await assert.rejects(estimator.fit([[0, 1]], ['cat']), ValidationError);
  });

  it('predicts rows for multi-value outputs and offers no predictProba for regressors', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 3, inputShape: [2], kernelInitializer: 'ones' })],
    });
    const estimator = tfjsEstimator(model);
    assert.equal(estimator.predictProba, undefined);
    assert.deepEqual(await estimator.predict([[1, 2]]), [[3, 3, 3]]);
    assert.deepEqual(await estimator.predict([]), []);
    await assert.rejects(estimator.fit([[1, 2]], [1]), /compile the TF\.js model/);
  });

  it('refuses a wrong feature count', async () => {
    const estimator = tfjsEstimator(classifier());
    for (const call of [() => estimator.predict([[1, 2, 3]]), () => estimator.fit([[1, 2, 3]], [0])]) {
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.message, 'model expects 2 features, got 3');
        return true;
      });
    }
    await assert.rejects(estimator.fit([[1, 2]], [0, 1]), /Y has 2 targets for 1 rows/);
  });

  it('does not leak tensors', async () => {
    const model = classifier();
    const estimator = tfjsEstimator(model, { epochs: 2 });
    await estimator.fit(X, LABELS); // creates the optimizer state once
    const tensors = tf.memory().numTensors;
    await estimator.fit(X, LABELS);
    await estimator.predict(X);
    await estimator.predictProba?.(X);
    await estimator.score(X, LABELS);
    await tfjsCodec.encode(model);
    await assert.rejects(estimator.predict([[1]]), ValidationError);
    assert.equal(tf.memory().numTensors, tensors);
  });
});
