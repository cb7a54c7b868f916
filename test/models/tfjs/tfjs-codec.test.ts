import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '../../../src/errors.js';
import { tfjsCodec, tfjsEstimator } from '../../../src/models/tfjs/index.js';

// y = 2·x0 − x1 + 0.5 on a 4×4 grid.
const X = Array.from({ length: 16 }, (_, i) => [(i % 4) / 3, Math.floor(i / 4) / 3]);
const Y = X.map(([a = 0, b = 0]) => 2 * a - b + 0.5);

/** A linear regressor that trains deterministically: zero initial weights, plain SGD, no shuffling. */
function regressor(): tf.Sequential {
  const model = tf.sequential({
    layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' })],
  });
  model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
  return model;
}

const FIT = { epochs: 60, batchSize: 16, shuffle: false };

async function roundTrip(model: tf.LayersModel): Promise<tf.LayersModel> {
  const encoded = await tfjsCodec.encode(model);
  return (await tfjsCodec.decode(Buffer.from(encoded.bytes), { fitted: encoded.fitted })) as tf.LayersModel;
}

describe('tfjsCodec', () => {
  it('supports layers models by their shape, without importing TF.js', () => {
    assert.equal(tfjsCodec.kind, 'tfjs.layers');
    assert.equal(tfjsCodec.supports(regressor()), true);
    assert.equal(tfjsCodec.supports({ save() {}, predict() {} }), false);
    assert.equal(tfjsCodec.supports(new Uint8Array(4)), false);
    assert.equal(tfjsCodec.supports(null), false);
  });

  it('says an untrained model is not fitted, compiled or not', async () => {
    const compiled = await tfjsCodec.encode(regressor());
    assert.equal(compiled.fitted, false);
    assert.deepEqual(compiled.meta, { className: 'Sequential', featureCount: 2, outputUnits: 1 });
    const bare = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4] })] });
    assert.equal((await tfjsCodec.encode(bare)).fitted, false);
    assert.equal(tfjsEstimator(bare).fitted, false);
    const decoded = await roundTrip(regressor());
    assert.equal(tfjsEstimator(decoded).fitted, false);
  });

  it('trains, then round-trips to identical predictions and identical bytes', async () => {
    const model = regressor();
    const estimator = tfjsEstimator(model, FIT);
    await estimator.fit(X, Y);
    assert.equal(estimator.fitted, true);
    assert.ok((await estimator.score(X, Y)) > 0.99);

    const encoded = await tfjsCodec.encode(model);
    assert.equal(encoded.fitted, true);
    assert.deepEqual((await tfjsCodec.encode(model)).bytes, encoded.bytes);

    const decoded = (await tfjsCodec.decode(Buffer.from(encoded.bytes), {})) as tf.LayersModel;
    const restored = tfjsEstimator(decoded, FIT);
    assert.equal(restored.fitted, true);
    assert.deepEqual(await restored.predict(X), await estimator.predict(X));
    assert.deepEqual((await tfjsCodec.encode(decoded)).bytes, encoded.bytes);
  });

  it('marks a model trained with model.fit directly as fitted', async () => {
    const model = regressor();
    const xs = tf.tensor2d(X);
    const ys = tf.tensor2d(Y, [Y.length, 1]);
    await model.fit(xs, ys, { epochs: 1, verbose: 0 });
    tf.dispose([xs, ys]);
    assert.equal((await tfjsCodec.encode(model)).fitted, true);
  });

  it('decodes a model compiled from its training config, ready to train further', async () => {
    const model = regressor();
    await tfjsEstimator(model, { epochs: 2, shuffle: false }).fit(X, Y);
    const decoded = await roundTrip(model);
    assert.equal(decoded.optimizer.getClassName(), 'SGD');
    assert.equal(decoded.optimizer.iterations, 2);

    const restored = tfjsEstimator(decoded, FIT);
    const before = await restored.predict(X);
    const scoreBefore = await restored.score(X, Y);
    await restored.fit(X, Y);
    assert.notDeepEqual(await restored.predict(X), before);
    assert.ok((await restored.score(X, Y)) > scoreBefore);
    assert.equal(decoded.optimizer.iterations, 62);
  });

  it('keeps user-defined metadata', async () => {
    const model = regressor();
    model.setUserDefinedMetadata({ owner: 'team-a', threshold: 0.3 });
    const decoded = await roundTrip(model);
    assert.deepEqual(decoded.getUserDefinedMetadata(), { owner: 'team-a', threshold: 0.3 });
  });

  it('refuses bytes it did not write', async () => {
    await assert.rejects(tfjsCodec.decode(Buffer.from('not a model at all'), {}), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /not a stored TF\.js model/);
      return true;
    });
    const { bytes } = await tfjsCodec.encode(regressor());
    await assert.rejects(tfjsCodec.decode(Buffer.from(bytes.subarray(0, 20)), {}), /truncated header/);
    await assert.rejects(tfjsCodec.encode({}), ValidationError);
  });
});
