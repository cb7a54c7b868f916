import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packRows, unpackRows } from '../../../src/runtime/training/packed-rows.js';

describe('packRows: X as sent to a training thread', () => {
  it('rows of numbers of one length come back exactly, NaN, -0 and infinities included', () => {
    const X = [
      [1.5, -0, Number.NaN],
      [Number.POSITIVE_INFINITY, 2 ** 53, Number.MIN_VALUE],
    ];
    const packed = packRows(X);
    assert.ok(!Array.isArray(packed));
    assert.deepEqual(unpackRows(packed), X);
  });

  it('anything else goes as it is, for the estimator to report', () => {
    for (const X of [[[1, 2], [3]], [[1, 'a']], [[1], null], [[]], [[1, null]]] as unknown[][][]) {
      assert.equal(packRows(X), X);
    }
  });
});
