import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { RandomForestClassifier } from 'ml-random-forest';
import { TaskError } from '../../../src/errors.js';
import { estimatorFor } from '../../../src/models/mljs/index.js';
import { suiteContext } from '../../helpers/engines.js';
import { trainingRows } from '../bullmq/training.js';

describe('local runtime: models train off the event loop', () => {
  const t = suiteContext('sqlite', async (om) => {
    await om.datasets.put(trainingRows(700), 'rows');
    await om.models.put(new RandomForestClassifier({ nEstimators: 30, seed: 1, noOOB: true }), 'forest');
  });

  it('timers keep firing while a long fit runs', async () => {
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 10);
    const started = performance.now();
    try {
      await t.om.runtime.model('forest').fit('rows[a,b]', 'rows[label]');
    } finally {
      clearInterval(timer);
    }
    const took = performance.now() - started;
    const gaps = ticks.slice(1).map((tick, i) => tick - (ticks[i] as number));
    // In-thread, the fit would be one gap as long as the whole task.
    assert.ok(Math.max(...gaps) < took / 2, `longest gap ${Math.max(...gaps)} ms in a fit of ${took} ms`);
  });

  it('stores what training here would: the same version', async () => {
    await t.om.models.put(new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true }), 'small');
    const meta = await t.om.runtime.model('small').fit('rows[a,b]', 'rows[label]');
    const rows = trainingRows(700);
    const here = new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true });
    await estimatorFor(here).fit(
      rows.map((row) => [row.a, row.b]),
      rows.map((row) => row.label),
    );
    const put = await t.om.models.put(here, 'small-here');
    assert.equal(meta.kindMeta.version, put.kindMeta.version);
  });

  it('a TF.js model fits and goes on with partialFit in a thread, with its parameters', async () => {
    const model = tf.sequential({
      layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: 'softmax', kernelInitializer: 'zeros' })],
    });
    model.compile({ optimizer: tf.train.sgd(1), loss: 'categoricalCrossentropy' });
    await t.om.models.put(model, 'net');
    model.dispose();
    // Class 1 when x0 > x1, on a 4×4 grid off the diagonal.
    const X = Array.from({ length: 16 }, (_, i) => [(i % 4) / 3, Math.floor(i / 4) / 3]).filter(([a, b]) => a !== b);
    const Y = X.map(([a = 0, b = 0]) => (a > b ? 1 : 0));
    const net = t.om.runtime.model('net');
    const params = { epochs: 20, batchSize: 16, shuffle: false };
    const fitted = await net.fit(X, Y, { params });
    assert.equal(fitted.kindMeta.fitted, true);
    const continued = await net.partialFit(X, Y, { params });
    assert.notEqual(continued.kindMeta.version, fitted.kindMeta.version);
    assert.deepEqual(await net.predict(X), Y);
  });

  it('a fit failing in its thread fails the task with the same error class and message', async () => {
    const fit = t.om.runtime.model('forest').fit('rows[a,b]', 'rows[label]', { params: { epochs: 3 } });
    await assert.rejects(fit.result(), (error: unknown) => {
      assert.ok(error instanceof TaskError, String(error));
      assert.match(
        error.message,
        /^task \S+ failed: ValidationError: models of kind mljs\.random-forest-classifier take no parameters \(got epochs\)$/,
      );
      return true;
    });
  });
});
