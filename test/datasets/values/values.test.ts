import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ColumnType } from '../../../src/datasets/types.js';
import { castValue, INVALID } from '../../../src/datasets/values/fit-value.js';
import { inferColumns } from '../../../src/datasets/values/infer-columns.js';
import { checkJson } from '../../../src/datasets/values/json-values.js';
import { inferTextType, parseText } from '../../../src/datasets/values/text-cells.js';
import { parseTimestamp } from '../../../src/datasets/values/timestamps.js';
import { ValidationError } from '../../../src/errors.js';

/** The type inferred for a column holding `values` (one row each). */
function inferValueType(values: unknown[]): ColumnType | undefined {
  return inferColumns(values.map((v) => ({ v })))[0]?.type;
}

describe('parseTimestamp', () => {
  it('reads dates as UTC midnight and date-times with or without an offset', () => {
    assert.equal(parseTimestamp('2024-02-29')?.toISOString(), '2024-02-29T00:00:00.000Z');
    assert.equal(parseTimestamp('2024-01-02T03:04')?.toISOString(), '2024-01-02T03:04:00.000Z');
    assert.equal(parseTimestamp('2024-01-02 03:04:05Z')?.toISOString(), '2024-01-02T03:04:05.000Z');
    assert.equal(parseTimestamp('2024-01-02T03:04:05.123456z')?.toISOString(), '2024-01-02T03:04:05.123Z');
    assert.equal(parseTimestamp('2024-01-02T03:04:05.5+02:00')?.toISOString(), '2024-01-02T01:04:05.500Z');
    assert.equal(parseTimestamp('2024-01-01T23:30:00-0130')?.toISOString(), '2024-01-02T01:00:00.000Z');
    assert.equal(parseTimestamp('0050-03-01')?.toISOString(), '0050-03-01T00:00:00.000Z');
    assert.equal(parseTimestamp('0000-02-29T12:00:00,25')?.toISOString(), '0000-02-29T12:00:00.250Z');
    assert.equal(parseTimestamp('1969-12-31 23:59:59.999+00')?.getTime(), -1);
    assert.equal(parseTimestamp('2024-03-01T00:30+01')?.toISOString(), '2024-02-29T23:30:00.000Z');
  });

  it('is null for anything else', () => {
    const others = ['2023-02-29', '2024-13-01', '2024-04-31', '2024-01-01T24:00', '2024-1-1', '20240101', 'x'];
    const malformed = [
      '2024-01-01T10',
      '2024-01-01T10:00:05.',
      '2024-01-01T10:00+2',
      '2024-01-01T10:00+02:3',
      '2100-02-29',
    ];
    for (const text of [...others, ...malformed, '2024-01-01T10:00Z ', '2024-01-01Z']) {
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

  it('widens by the rules of JS values; a mix that does not widen is text, as every cell is', () => {
    assert.equal(inferTextType(['NaN', '1', 'NaN']), 'integer');
    assert.equal(inferTextType(['NaN', '']), 'float');
    assert.equal(inferTextType(['9007199254740993', '1.5']), 'text');
    assert.equal(inferTextType(['2024-01-01', 'soon']), 'text');
    assert.equal(inferTextType(['2024-01-01', '1']), 'text');
    assert.equal(inferTextType(['{"a":1}', '[1,2]', '']), 'json');
    assert.equal(inferTextType(['{"a":1}', 'NaN']), 'json');
    assert.equal(inferTextType(['{"a":1}', '5']), 'text');
    assert.equal(inferTextType(['{not json}']), 'text');
  });

  it('parses a text as its type or is INVALID', () => {
    assert.equal(parseText('integer', '-0'), 0);
    assert.equal(parseText('integer', '9007199254740992'), INVALID);
    assert.equal(parseText('integer', '1.0'), INVALID);
    assert.equal(parseText('bigint', '-9223372036854775808'), -(2n ** 63n));
    assert.equal(parseText('bigint', '9223372036854775808'), INVALID);
    assert.equal(parseText('float', '1e3'), 1000);
    // NaN is a missing value: null in every column but a text one (it was NaN in float columns).
    assert.equal(parseText('float', 'NaN'), null);
    assert.equal(parseText('integer', 'NaN'), null);
    assert.equal(parseText('timestamp', 'NaN'), null);
    assert.equal(parseText('text', 'NaN'), 'NaN');
    assert.equal(parseText('float', '-Infinity'), Number.NEGATIVE_INFINITY);
    assert.equal(parseText('float', 'abc'), INVALID);
    assert.equal(parseText('boolean', 'TRUE'), true);
    assert.equal(parseText('boolean', 'yes'), INVALID);
    assert.deepEqual(parseText('json', '{"a":[1]}'), { a: [1] });
    assert.equal(parseText('json', '{'), INVALID);
    assert.equal(parseText('text', '42'), '42');
  });
});

describe('JS values (put, JSON lines, Parquet, writing)', () => {
  it('infers a column type from JS values', () => {
    assert.equal(inferValueType([1, null, -2]), 'integer');
    assert.equal(inferValueType([1, 2n ** 60n]), 'bigint');
    assert.equal(inferValueType([1, 2.5]), 'float');
    assert.equal(inferValueType([1e300]), 'float');
    assert.equal(inferValueType(['a', undefined]), 'text');
    // ISO-8601 texts alone: text when put from JavaScript, a timestamp from JSON lines or REST.
    assert.equal(inferValueType(['2024-01-01']), 'text');
    assert.equal(inferColumns([{ v: '2024-01-01' }], undefined, 'timestamp')[0]?.type, 'timestamp');
    assert.equal(inferValueType(['2024-01-01', new Date(0)]), 'timestamp');
    assert.equal(inferValueType([true]), 'boolean');
    assert.equal(inferValueType([{ a: 1 }, [1]]), 'json');
    assert.equal(inferValueType([null]), 'text');
  });

  it('widens: integer + float → float, + bigint → bigint, ISO + text → text, ISO + Date → timestamp, json + scalars → json; NaN is missing', () => {
    assert.equal(inferValueType([2.5, 1]), 'float');
    assert.equal(inferValueType([2n ** 60n, 1]), 'bigint');
    assert.equal(inferValueType(['2024-01-01', 'later']), 'text');
    assert.equal(inferValueType(['x', '2024-01-01']), 'text');
    assert.equal(inferValueType([new Date(0), '2024-01-01T10:00:00Z']), 'timestamp');
    assert.equal(inferValueType([{ a: 1 }, 1, 'a', '2024-01-01', true, 2.5]), 'json');
    assert.equal(inferValueType([Number.NaN, 1]), 'integer');
    assert.equal(inferValueType([Number.NaN, 'a']), 'text');
    assert.equal(inferValueType([Number.NaN, undefined]), 'float');
    assert.equal(inferValueType([Number.POSITIVE_INFINITY]), 'float');
  });

  it('rejects a mix that does not widen, naming the column and both rows (JSON lines made it json before)', () => {
    const cases: [unknown[], RegExp][] = [
      [[1, 'a'], /column "v" mixes integer \(row 1\) and text \(row 2\)/],
      [[null, 1.5, 2n ** 60n], /mixes float \(row 2\) and bigint \(row 3\)/],
      [[true, 1], /mixes boolean \(row 1\) and integer \(row 2\)/],
      [['2024-01-01', 5], /mixes text \(row 1\) and integer \(row 2\)/],
      [[new Date(0), 'x'], /mixes timestamp \(row 1\) and text \(row 2\)/],
      [[{ a: 1 }, new Date(0)], /mixes json \(row 1\) and timestamp \(row 2\)/],
      [[[1], 2n ** 60n], /mixes json \(row 1\) and bigint \(row 2\)/],
    ];
    for (const [values, message] of cases)
      assert.throws(() => inferValueType(values), { name: 'ValidationError', message });
    assert.throws(() => inferColumns([{ a: 1 }, {}, { a: 'x' }], (i) => `line ${i + 3}`), {
      message: /mixes integer \(line 3\) and text \(line 5\)/,
    });
    assert.throws(() => inferValueType([() => 1]), { message: /row 1, column "v": a function/ });
    assert.throws(() => inferValueType([new Map()]), { message: /a Map, which a table column cannot hold/ });
  });

  it('converts a value to a column type or is INVALID', () => {
    assert.equal(castValue('integer', 5n), 5);
    assert.equal(castValue('integer', 2n ** 60n), INVALID);
    assert.equal(castValue('integer', 1.5), INVALID);
    assert.equal(castValue('integer', '1'), INVALID);
    assert.equal(castValue('bigint', 5), 5n);
    assert.equal(castValue('bigint', 2n ** 63n), INVALID);
    assert.equal(castValue('float', 3), 3);
    assert.equal(castValue('float', 2n ** 60n), 2 ** 60);
    assert.equal(castValue('float', 2n ** 60n + 1n), INVALID); // not exact as a float
    assert.equal(castValue('integer', -0), 0);
    assert.equal(castValue('text', 1), INVALID);
    assert.equal(castValue('boolean', 'true'), INVALID);
    assert.deepEqual(castValue('timestamp', '2024-01-01T00:00:00+01:00'), new Date('2023-12-31T23:00:00Z'));
    assert.equal(castValue('timestamp', new Date(Number.NaN)), INVALID);
    assert.equal(castValue('timestamp', 0), INVALID);
    assert.deepEqual(castValue('json', 'x'), 'x');
    assert.equal(castValue('json', undefined), null);
    assert.equal(castValue('json', 2n), INVALID);
    assert.equal(castValue('json', new Date(0)), INVALID);
  });

  it('reads NaN as a missing value in every column type', () => {
    for (const type of ['integer', 'bigint', 'float', 'text', 'boolean', 'timestamp', 'json'] as const) {
      assert.equal(castValue(type, Number.NaN), null, type);
    }
  });

  it('rejects values of the right kind that cannot be stored, saying why', () => {
    assert.throws(() => castValue('text', 'a\u0000b'), { name: 'ValidationError', message: /NUL character/ });
    assert.throws(() => castValue('json', { a: [1, Number.NaN] }), { message: /^\$\.a\[1\] is NaN/ });
    assert.throws(() => castValue('json', { d: new Date(0) }), { message: /\$\.d is a Date/ });
  });
});

describe('checkJson', () => {
  it('rejects circular structures, naming where the circle closes', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = a;
    assert.throws(
      () => checkJson(a),
      (error: Error) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.message, '$.self refers back to $: a circular structure cannot be stored as JSON');
        return true;
      },
    );
    const list: unknown[] = [1, { deeper: [] }];
    ((list[1] as { deeper: unknown[] }).deeper as unknown[]).push(list);
    assert.throws(() => checkJson(list), { message: /^\$\[1\]\.deeper\[0\] refers back to \$:/ });
  });

  it('accepts a value shared by siblings (no circle), and refuses absurd nesting', () => {
    const shared = { n: 1 };
    checkJson({ a: shared, b: [shared, shared] });
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    assert.throws(() => checkJson(deep), { name: 'ValidationError', message: /nested deeper than 1000 levels/ });
  });
});
