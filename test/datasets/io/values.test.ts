import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJsonLine } from '../../../src/datasets/io/json-line.js';
import { inferTextType, parseText } from '../../../src/datasets/io/text-values.js';
import { parseTimestamp } from '../../../src/datasets/io/timestamps.js';
import { coerceValue, INVALID, inferValueType } from '../../../src/datasets/io/values.js';

describe('parseTimestamp', () => {
  it('reads dates as UTC midnight and date-times with or without an offset', () => {
    assert.equal(parseTimestamp('2024-02-29')?.toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(parseTimestamp('2024-01-02T03:04')?.toISOString(), '2024-01-02T03:04:00.000Z');
    assert.equal(parseTimestamp('2024-01-02 03:04:05Z')?.toISOString(), '2024-01-02T03:04:05.000Z');
    assert.equal(parseTimestamp('2024-01-02T03:04:05.123456z')?.toISOString(), '2024-01-02T03:04:05.123Z');
    assert.equal(parseTimestamp('2024-01-02T03:04:05.5+02:00')?.toISOString(), '2024-01-02T01:04:05.500Z');
    assert.equal(parseTimestamp('2024-01-01T23:30:00-0130')?.toISOString(), '2024-01-02T01:00:00.000Z');
    assert.equal(parseTimestamp('0050-03-01')?.toISOString(), '0050-03-01T00:00:00.000Z');
  });

  it('is null for anything else', () => {
    for (const text of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-01-01T24:00', '2024-1-1', '20240101', 'x']) {
      assert.equal(parseTimestamp(text), null, text);
    }
    assert.equal(parseTimestamp('2024-01-01T10:00+25:00'), null);
  });
});

describe('text values (CSV)', () => {
  it('infers integer, bigint, float, boolean, timestamp, else text, ignoring empty fields', () => {
    assert.equal(inferTextType(['1', '', '-20', '+3', '007']), 'integer');
    assert.equal(inferTextType(['1', '9007199254740993']), 'bigint');
    assert.equal(inferTextType(['1', '9223372036854775808']), 'text');
    assert.equal(inferTextType(['1', '2.5', '1e-3', 'NaN', 'Infinity', '-Infinity', '.5']), 'float');
    assert.equal(inferTextType(['true', 'FALSE', 'True']), 'boolean');
    assert.equal(inferTextType(['2024-01-01', '2024-01-01T10:00:00+02:00']), 'timestamp');
    assert.equal(inferTextType(['1', 'true']), 'text');
    assert.equal(inferTextType(['1', 'inf']), 'text');
    assert.equal(inferTextType([' 1']), 'text');
    assert.equal(inferTextType(['', '']), 'text');
    assert.equal(inferTextType([]), 'text');
  });

  it('parses a text as its type or is INVALID', () => {
    assert.equal(parseText('integer', '-0'), 0);
    assert.equal(parseText('integer', '9007199254740992'), INVALID);
    assert.equal(parseText('integer', '1.0'), INVALID);
    assert.equal(parseText('bigint', '-9223372036854775808'), -(2n ** 63n));
    assert.equal(parseText('bigint', '9223372036854775808'), INVALID);
    assert.equal(parseText('float', '1e3'), 1000);
    assert.ok(Number.isNaN(parseText('float', 'NaN')));
    assert.equal(parseText('float', 'abc'), INVALID);
    assert.equal(parseText('boolean', 'TRUE'), true);
    assert.equal(parseText('boolean', 'yes'), INVALID);
    assert.deepEqual(parseText('json', '{"a":[1]}'), { a: [1] });
    assert.equal(parseText('json', '{'), INVALID);
    assert.equal(parseText('text', '42'), '42');
  });
});

describe('JS values (JSON lines, Parquet, writing)', () => {
  it('infers a column type from JSON values', () => {
    assert.equal(inferValueType([1, null, -2]), 'integer');
    assert.equal(inferValueType([1, 2n ** 60n]), 'bigint');
    assert.equal(inferValueType([1, 2.5]), 'float');
    assert.equal(inferValueType([1e300]), 'float');
    assert.equal(inferValueType(['a', undefined]), 'text');
    assert.equal(inferValueType(['2024-01-01']), 'text');
    assert.equal(inferValueType([true]), 'boolean');
    assert.equal(inferValueType([{ a: 1 }, [1]]), 'json');
    assert.equal(inferValueType([1, 'a']), 'json');
    assert.equal(inferValueType([null]), 'text');
  });

  it('converts a value to a column type or is INVALID', () => {
    assert.equal(coerceValue('integer', 5n), 5);
    assert.equal(coerceValue('integer', 2n ** 60n), INVALID);
    assert.equal(coerceValue('integer', 1.5), INVALID);
    assert.equal(coerceValue('integer', '1'), INVALID);
    assert.equal(coerceValue('bigint', 5), 5n);
    assert.equal(coerceValue('bigint', 2n ** 63n), INVALID);
    assert.equal(coerceValue('float', 3), 3);
    assert.equal(coerceValue('float', 2n ** 60n), 2 ** 60);
    assert.equal(coerceValue('text', 1), INVALID);
    assert.equal(coerceValue('boolean', 'true'), INVALID);
    assert.deepEqual(coerceValue('timestamp', '2024-01-01T00:00:00+01:00'), new Date('2023-12-31T23:00:00Z'));
    assert.equal(coerceValue('timestamp', new Date(Number.NaN)), INVALID);
    assert.equal(coerceValue('timestamp', 0), INVALID);
    assert.deepEqual(coerceValue('json', 'x'), 'x');
    assert.equal(coerceValue('json', undefined), null);
  });
});

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
