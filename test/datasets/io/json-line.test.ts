import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonLine } from '../../../src/datasets/io/json-line.js';

describe('parseJsonLine', () => {
  it('keeps top-level integers past 2^53 exact, as bigint', () => {
    const text = '{"a": 9007199254740993, "b": -9223372036854775808, "c": 9223372036854775808, "d": 12}';
    assert.deepEqual(parseJsonLine(text), { a: 9007199254740993n, b: -(2n ** 63n), c: 2 ** 63, d: 12 });
  });

  it('leaves nested numbers, strings and keys alone', () => {
    const text = '{"x\\"y": "9007199254740993", "n": {"m": 9007199254740993}, "l": [9007199254740993], "k": 1.5e20}';
    assert.deepEqual(parseJsonLine(text), {
      'x"y': '9007199254740993',
      n: { m: 9007199254740992 },
      l: [9007199254740992],
      k: 1.5e20,
    });
  });

  it('lets the last of duplicate keys win, as JSON.parse does', () => {
    assert.deepEqual(parseJsonLine('{"a": 9007199254740993, "a": "x"}'), { a: 'x' });
    assert.deepEqual(parseJsonLine('{"a": "x", "a": 9007199254740993}'), { a: 9007199254740993n });
  });
});
