import type { ColumnType } from '../types.js';
import { INVALID } from './fit-value.js';
import { columnTypeOf, isInt64, type ValueKind, widen } from './kinds.js';
import { isTimestampText, parseTimestamp } from './timestamps.js';

const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?Infinity$/;
const BOOLEAN_TEXT = /^(?:true|false)$/i;
/** NaN, in a cell of any column but a text one, is a missing value. */
const NAN_TEXT = 'NaN';

/**
 * The kind of a CSV cell's text (null when empty): the narrowest type it spells. An integer past
 * int64 is text (never rounded); a JSON object or array is json.
 */
export function kindOfText(text: string): ValueKind | null {
  if (text === '') return null;
  if (text === NAN_TEXT) return 'nan';
  if (INTEGER_TEXT.test(text)) {
    if (Number.isSafeInteger(Number(text))) return 'integer';
    return isInt64(BigInt(text)) ? 'bigint' : 'text';
  }
  if (FLOAT_TEXT.test(text)) return 'float';
  if (BOOLEAN_TEXT.test(text)) return 'boolean';
  if (isTimestampText(text)) return 'iso-text';
  return isJsonStructure(text) ? 'json' : 'text';
}

/**
 * The column type of CSV cells: their kinds widened as JS values' are, except that a mix that
 * does not widen is text (every cell is a text), and json only when every cell is an object or
 * an array (a scalar cell is not JSON text).
 */
export function inferTextType(texts: Iterable<string>): ColumnType {
  let column: ValueKind | null = null;
  for (const text of texts) {
    const kind = kindOfText(text);
    if (kind === null) continue;
    const wider: ValueKind | null = column === null ? kind : mixesJson(column, kind) ? null : widen(column, kind);
    if (wider === null) return 'text';
    column = wider;
  }
  return columnTypeOf(column, 'timestamp');
}

/** A non-empty CSV cell as a value of `type`, or INVALID. `NaN` is null but in a text column. */
export function parseText(type: ColumnType, text: string): unknown {
  if (text === NAN_TEXT && type !== 'text') return null;
  switch (type) {
    case 'integer': {
      const value = INTEGER_TEXT.test(text) ? Number(text) : Number.NaN;
      return Number.isSafeInteger(value) ? value + 0 : INVALID; // + 0: no -0
    }
    case 'bigint': {
      const value = INTEGER_TEXT.test(text) ? BigInt(text) : undefined;
      return value !== undefined && isInt64(value) ? value : INVALID;
    }
    case 'float':
      return FLOAT_TEXT.test(text) ? Number(text) : INVALID;
    case 'boolean':
      return BOOLEAN_TEXT.test(text) ? text.toLowerCase() === 'true' : INVALID;
    case 'timestamp':
      return parseTimestamp(text) ?? INVALID;
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return INVALID;
      }
    case 'text':
      return text;
  }
}

/** A CSV json column takes objects and arrays only: a scalar cell is not JSON text. */
function mixesJson(a: ValueKind, b: ValueKind): boolean {
  return a !== b && (a === 'json' || b === 'json') && a !== 'nan' && b !== 'nan';
}

function isJsonStructure(text: string): boolean {
  const first = text.charAt(0);
  if (first !== '{' && first !== '[') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
