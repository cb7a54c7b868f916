import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import { parseModelPath } from '../../src/server/v2/model-path.js';
import { featureRows, outputTensor, tensorValues } from '../../src/server/v2/tensor.js';

const invalid = (fn: () => unknown, message: RegExp) =>
  assert.throws(fn, (error: unknown) => error instanceof ValidationError && message.test(error.message));

describe('V2 tensors', () => {
  it('reads flat or nested data in row-major order, checked by datatype', () => {
    const flat = { name: 'x', shape: [2, 3], datatype: 'FP32', data: [1, 2, 3, 4, 5, 6] };
    assert.deepEqual(tensorValues(flat), [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(
      tensorValues({
        ...flat,
        data: [
          [1, 2, 3],
          [4, 5, 6],
        ],
      }),
      [1, 2, 3, 4, 5, 6],
    );
    assert.deepEqual(tensorValues({ name: 'b', shape: [2], datatype: 'BOOL', data: [true, false] }), [true, false]);
    assert.deepEqual(tensorValues({ name: 's', shape: [1, 1], datatype: 'BYTES', data: [['a']] }), ['a']);
    invalid(
      () => tensorValues({ ...flat, datatype: 'INT32', data: [1, 2, 3, 4, 5, 2 ** 31] }),
      /value 5 \(2147483648\) is not INT32/,
    );
    invalid(() => tensorValues({ ...flat, datatype: 'INT64', data: [1, 2, 3, 4, 5, 2 ** 53] }), /is not INT64/);
    invalid(() => tensorValues({ ...flat, data: [1, 2, 3, 4, 5, 1e39] }), /is not FP32/);
    invalid(() => tensorValues({ ...flat, datatype: 'BOOL', data: [1, 0, 1, 0, 1, 0] }), /is not BOOL/);
    invalid(
      () =>
        tensorValues({
          ...flat,
          data: [
            [1, 2, 3],
            [4, 5, [6]],
          ],
        }),
      /does not follow the shape/,
    );
    invalid(() => tensorValues({ ...flat, shape: [] }), /shape must have 1 to 16 dimensions/);
    invalid(() => tensorValues({ ...flat, shape: [2 ** 40, 2 ** 40] }), /too large/);
    invalid(() => tensorValues({ ...flat, shape: [1.5, 4] }), /non-negative integers/);
  });

  it('joins inputs feature-wise into rows, in the order given or the model’s', () => {
    const a = { name: 'a', shape: [2], datatype: 'INT64', data: [1, 2] };
    const b = { name: 'b', shape: [2, 2], datatype: 'FP64', data: [0.1, 0.2, 0.3, 0.4] };
    assert.deepEqual(featureRows([b, a]), [
      [0.1, 0.2, 1],
      [0.3, 0.4, 2],
    ]);
    assert.deepEqual(featureRows([b, a], ['a', 'b']), [
      [1, 0.1, 0.2],
      [2, 0.3, 0.4],
    ]);
    invalid(() => featureRows([a, { ...b, shape: [1, 4] }]), /batch size 1 differs from 2/);
    invalid(() => featureRows([{ ...a, shape: [0], data: [] }]), /the batch is empty/);
    invalid(() => featureRows([]), /at least one tensor/);
  });

  it('types the outputs by their values', () => {
    assert.deepEqual(outputTensor('y', [1, 2]), { name: 'y', shape: [2], datatype: 'INT64', data: [1, 2] });
    assert.deepEqual(outputTensor('y', [0.5, 2]).datatype, 'FP64');
    assert.deepEqual(outputTensor('y', ['a', 'b']).datatype, 'BYTES');
    assert.deepEqual(
      outputTensor('p', [
        [0.1, 0.9],
        [1, 0],
      ]),
      {
        name: 'p',
        shape: [2, 2],
        datatype: 'FP64',
        data: [0.1, 0.9, 1, 0],
      },
    );
  });

  it('splits a model path from its end', () => {
    assert.deepEqual(parseModelPath('a/b', ['infer']), { name: 'a/b', ref: 'a/b' });
    assert.deepEqual(parseModelPath('a/b/versions/v1/infer', ['infer']), {
      name: 'a/b',
      version: 'v1',
      endpoint: 'infer',
      ref: 'a/b@v1',
    });
    assert.deepEqual(parseModelPath('ready', ['ready']), { name: 'ready', ref: 'ready' });
    invalid(() => parseModelPath('', ['infer']), /give a model name/);
  });
});
