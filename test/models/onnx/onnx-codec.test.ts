import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ValidationError } from '../../../src/errors.js';
import { OnnxModel, onnxCodec, onnxEstimator, onnxFromBytes } from '../../../src/models/onnx/index.js';
import { classifierModel, linearModel } from './onnx-builder.js';

const X3 = [
  [0, 1, 2],
  [1, 1, 1],
  [-1, 0, 0.5],
];
// y = x·[1, 2, 3] + 0.5
const Y3 = [8.5, 6.5, 1];

describe('OnnxModel', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omegats-onnx-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('loads bytes and reports its inputs, outputs and feature count', async () => {
    const model = await OnnxModel.fromBytes(linearModel());
    assert.deepEqual(
      model.inputs.map((i) => [i.name, i.type, i.shape]),
      [['X', 'float32', ['N', 3]]],
    );
    assert.deepEqual(
      model.outputs.map((o) => o.name),
      ['y'],
    );
    assert.equal(model.featureCount, 3);
  });

  it('loads a file', async () => {
    const path = join(dir, 'linear.onnx');
    writeFileSync(path, linearModel());
    const model = await OnnxModel.fromFile(path);
    assert.deepEqual(await onnxEstimator(model).predict(X3), Y3);
  });

  it('refuses bytes that are not an ONNX model, and missing files', async () => {
    await assert.rejects(OnnxModel.fromBytes(new TextEncoder().encode('not a model')), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /not a loadable ONNX model/);
      return true;
    });
    await assert.rejects(OnnxModel.fromBytes(new Uint8Array()), /ONNX model bytes are empty/);
    await assert.rejects(OnnxModel.fromFile(join(dir, 'missing.onnx')), ValidationError);
  });

  it('creates its session again after release', async () => {
    const model = await OnnxModel.fromBytes(linearModel());
    await model.release();
    assert.deepEqual(await onnxEstimator(model).predict(X3), Y3);
    await model.release();
  });
});

describe('onnxCodec', () => {
  it('supports OnnxModel only; raw bytes go through onnxFromBytes', async () => {
    const bytes = linearModel();
    assert.equal(onnxCodec.supports(await OnnxModel.fromBytes(bytes)), true);
    assert.equal(onnxCodec.supports(bytes), false);
    assert.equal(onnxCodec.supports(Buffer.from(bytes)), false);
    assert.equal(onnxCodec.supports({}), false);
    assert.ok((await onnxFromBytes(Buffer.from(bytes))) instanceof OnnxModel);
    assert.ok((await onnxCodec.fromBytes?.(bytes)) instanceof OnnxModel);
    await assert.rejects(onnxFromBytes('model.onnx'), ValidationError);
    await assert.rejects(onnxFromBytes(Buffer.from('junk')), ValidationError);
  });

  it('encodes the original bytes and decodes a model that predicts the same', async () => {
    const bytes = linearModel();
    const model = await OnnxModel.fromBytes(bytes);
    const encoded = await onnxCodec.encode(model);
    assert.deepEqual(encoded.bytes, bytes);
    assert.equal(encoded.fitted, true);
    assert.deepEqual(encoded.meta, { inputNames: ['X'], outputNames: ['y'], featureCount: 3 });

    const decoded = await onnxCodec.decode(Buffer.from(encoded.bytes), { fitted: true });
    assert.ok(decoded instanceof OnnxModel);
    assert.deepEqual(decoded.bytes, bytes);
    assert.deepEqual(await onnxEstimator(decoded).predict(X3), await onnxEstimator(model).predict(X3));
  });

  it('refuses to encode anything else', async () => {
    await assert.rejects(onnxCodec.encode(linearModel()), ValidationError);
  });
});

describe('onnxEstimator', () => {
  it('predicts known values of the linear model and scores R²', async () => {
    const estimator = onnxEstimator(await OnnxModel.fromBytes(linearModel()));
    assert.equal(estimator.kind, 'onnx');
    assert.equal(estimator.fitted, true);
    assert.deepEqual(await estimator.predict(X3), Y3);
    assert.equal(estimator.predictProba, undefined);
    assert.equal(await estimator.score(X3, Y3), 1);
    assert.ok((await estimator.score(X3, [8.5, 6.5, 3])) < 1);
    assert.deepEqual(await estimator.predict([]), []);
  });

  it('predicts labels and probabilities of a classifier and scores accuracy', async () => {
    const estimator = onnxEstimator(await OnnxModel.fromBytes(classifierModel()));
    const X = [
      [1, 1, 0, 0],
      [0, 0, 1, 1],
      [2, 0, 0, 1],
    ];
    assert.deepEqual(await estimator.predict(X), [1, 0, 1]);
    const proba = await estimator.predictProba?.(X);
    assert.ok(proba);
    assert.equal(proba.length, 3);
    for (const row of proba) assert.ok(Math.abs((row[0] ?? 0) + (row[1] ?? 0) - 1) < 1e-6);
    assert.ok((proba[0]?.[1] ?? 0) > 0.8);
    assert.equal(await estimator.score(X, [1, 0, 1]), 1);
    assert.equal(await estimator.score(X, ['1', '1', '1']), 2 / 3);
  });

  it('checks the feature count and the data', async () => {
    const estimator = onnxEstimator(await OnnxModel.fromBytes(classifierModel()));
    await assert.rejects(estimator.predict([[1, 2, 3]]), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.message, 'model expects 4 features, got 3');
      return true;
    });
    await assert.rejects(estimator.predict([[1, 2, 3, 4], [1]]), /row 1 has 1 values/);
    await assert.rejects(estimator.predict([[1, 2, 3, Number.NaN]]), ValidationError);
    await assert.rejects(estimator.score([[1, 2, 3, 4]], [1, 0]), /Y has 2 targets for 1 rows/);
  });

  it('refuses to fit', async () => {
    const estimator = onnxEstimator(await OnnxModel.fromBytes(linearModel()));
    await assert.rejects(estimator.fit(X3, Y3), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /ONNX models are inference-only/);
      return true;
    });
  });
});
