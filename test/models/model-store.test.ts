import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { ValidationError } from '../../src/index.js';
import { OnnxModel, onnxEstimator } from '../../src/models/onnx/index.js';
import { tfjsEstimator } from '../../src/models/tfjs/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { linearModel } from './onnx/onnx-builder.js';

const X = Array.from({ length: 16 }, (_, i) => [(i % 4) / 3, Math.floor(i / 4) / 3]);
const Y = X.map(([a = 0, b = 0]) => 2 * a - b + 0.5);

for (const engine of ENGINES) {
  describe(`models store with ONNX and TF.js (${engine})`, () => {
    const t = suiteContext(engine);

    it('stores an ONNX model from an OnnxModel or from bytes with kind onnx, and predicts with it', async () => {
      const bytes = linearModel();
      const meta = await t.om.models.put(await OnnxModel.fromBytes(bytes), 'linear');
      assert.equal(meta.kind, 'onnx');
      assert.equal(meta.kindMeta.fitted, true);
      const again = await t.om.models.put(Buffer.from(bytes), 'linear', { kind: 'onnx', tag: 'same' });
      assert.equal(again.kindMeta.version, meta.kindMeta.version, 'the same bytes are the same version');
      const model = await t.om.models.get('linear@same');
      assert.ok(model instanceof OnnxModel);
      const estimator = onnxEstimator(model);
      const predicted = (await estimator.predict([[1, 1, 1]])) as number[];
      assert.ok(Math.abs((predicted[0] as number) - 6.5) < 1e-5);
      await assert.rejects(estimator.fit([[1, 1, 1]], [1]), ValidationError);
      await assert.rejects(t.om.models.put(Buffer.from('not onnx'), 'broken', { kind: 'onnx' }), ValidationError);
      assert.equal(await t.om.models.exists('broken'), false);
    });

    it('stores a TF.js model untrained, then trained as a new version; each version restores', async () => {
      const model = tf.sequential({
        layers: [tf.layers.dense({ units: 1, inputShape: [2], kernelInitializer: 'zeros' })],
      });
      model.compile({ optimizer: tf.train.sgd(0.5), loss: 'meanSquaredError' });
      const untrained = await t.om.models.put(model, 'dense');
      assert.equal(untrained.kind, 'tfjs.layers');
      assert.equal(untrained.kindMeta.fitted, false);
      const estimator = tfjsEstimator(model, { epochs: 40, batchSize: 16, shuffle: false });
      await estimator.fit(X, Y);
      const trained = await t.om.models.put(model, 'dense', { tag: 'trained' });
      assert.equal(trained.kindMeta.fitted, true);
      assert.equal((await t.om.models.revisions('dense')).length, 2);
      const restored = (await t.om.models.get('dense@trained')) as tf.LayersModel;
      const expected = (await estimator.predict(X)) as number[];
      assert.deepEqual(await tfjsEstimator(restored).predict(X), expected);
      const first = (await t.om.models.get('dense^')) as tf.LayersModel;
      assert.deepEqual(await tfjsEstimator(first).predict([[1, 1]]), [0]);
    });
  });
}
