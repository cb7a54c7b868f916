import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import { loadOptional } from '../../src/models/load-optional.js';
import { OnnxModel, onnxCodec } from '../../src/models/onnx/index.js';
import { tfjsCodec } from '../../src/models/tfjs/index.js';

/** Whether a module file of the package has been loaded into this process. */
function loaded(packageName: string): boolean {
  return Object.keys(createRequire(import.meta.url).cache).some((file) =>
    file.includes(`/node_modules/${packageName}/`),
  );
}

describe('loadOptional', () => {
  it('leaves the runtimes unloaded until a model needs them', async () => {
    assert.equal(onnxCodec.supports({}), false);
    assert.equal(tfjsCodec.supports({}), false);
    assert.equal(loaded('onnxruntime-node'), false);
    assert.equal(loaded('@tensorflow/tfjs'), false);
    await assert.rejects(onnxCodec.encode({}), ValidationError);
    await assert.rejects(tfjsCodec.encode({}), ValidationError);
    assert.equal(loaded('onnxruntime-node'), false);
    assert.equal(loaded('@tensorflow/tfjs'), false);
    await assert.rejects(OnnxModel.fromBytes(new Uint8Array([1, 2, 3])), ValidationError);
    assert.equal(loaded('onnxruntime-node'), true);
  });

  it('names a missing package and how to install it', async () => {
    const name = 'omegats-no-such-package-3f9c';
    await assert.rejects(loadOptional(name), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.code, 'OMEGA_INVALID');
      assert.match(error.message, new RegExp(`${name} is not installed`));
      assert.ok(error.message.includes(`npm install ${name}`));
      return true;
    });
  });

  it('imports an installed package once', async () => {
    const first = await loadOptional<typeof import('onnxruntime-node')>('onnxruntime-node');
    assert.equal(typeof first.InferenceSession.create, 'function');
    assert.equal(await loadOptional('onnxruntime-node'), first);
  });
});
