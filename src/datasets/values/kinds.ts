import { ValidationError } from '../../errors.js';
import type { ColumnType } from '../types.js';
import { typeName } from './preview.js';
import { isTimestampText } from './timestamps.js';

/**
 * What one value says about its column's type: a column type, `iso-text` (an ISO-8601 text: a
 * timestamp, or text when the column has other texts) or `nan` (NaN: a missing number).
 */
export type ValueKind = ColumnType | 'iso-text' | 'nan';

/** The kind of a JS value (rows put, JSON lines, REST bodies); null for a missing value. */
export function kindOfValue(value: unknown): ValueKind | null {
  switch (typeof value) {
    case 'undefined':
      return null;
    case 'number':
      if (Number.isNaN(value)) return 'nan';
      return Number.isSafeInteger(value) ? 'integer' : 'float';
    case 'bigint':
      return 'bigint';
    case 'string':
      return isTimestampText(value) ? 'iso-text' : 'text';
    case 'boolean':
      return 'boolean';
    case 'object':
      if (value === null) return null;
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new ValidationError('an invalid Date');
        return 'timestamp';
      }
      if (Array.isArray(value) || isPlainObject(value)) return 'json';
  }
  throw new ValidationError(`a ${typeName(value)}, which a table column cannot hold`);
}

/** [a, b, the kind of a column holding both]; the table holds each pair both ways round. */
const WIDENINGS: readonly (readonly [ValueKind, ValueKind, ValueKind])[] = [
  ['integer', 'float', 'float'],
  ['integer', 'bigint', 'bigint'],
  ['iso-text', 'text', 'text'],
  ['iso-text', 'timestamp', 'timestamp'],
  // a json column takes JSON scalars beside objects and arrays
  ...(['integer', 'float', 'boolean', 'text', 'iso-text'] as const).map((k) => ['json', k, 'json'] as const),
];

const WIDER = new Map<ValueKind, Map<ValueKind, ValueKind>>();
for (const [a, b, wider] of WIDENINGS) {
  for (const [x, y] of [
    [a, b],
    [b, a],
  ] as const) {
    const row = WIDER.get(x) ?? new Map<ValueKind, ValueKind>();
    WIDER.set(x, row.set(y, wider));
  }
}

/**
 * The kind of a column holding kinds `a` and `b`, or null when they do not mix: NaN mixes with
 * anything; integer + float → float; integer + bigint → bigint; ISO text + other text → text;
 * ISO text + timestamp → timestamp; json + a JSON scalar → json.
 */
export function widen(a: ValueKind, b: ValueKind): ValueKind | null {
  if (a === b || b === 'nan') return a;
  if (a === 'nan') return b;
  return WIDER.get(a)?.get(b) ?? null;
}

/**
 * Whether a column of ISO-8601 texts alone is a timestamp: in inputs that have no date type of
 * their own (CSV, JSON lines, REST bodies) it is; rows put from JavaScript keep their texts, since
 * a Date says timestamp there.
 */
export type IsoTexts = 'timestamp' | 'text';

/** The column type of a column's widened kind: all missing → text, only NaN → float. */
export function columnTypeOf(kind: ValueKind | null, isoTexts: IsoTexts): ColumnType {
  if (kind === null) return 'text';
  if (kind === 'nan') return 'float';
  return kind === 'iso-text' ? isoTexts : kind;
}

/** A kind's name in messages (an ISO text is a text to the user). */
export function kindName(kind: ValueKind): string {
  return kind === 'iso-text' ? 'text' : kind;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export function isInt64(value: bigint): boolean {
  return value >= INT64_MIN && value <= INT64_MAX;
}
