import { isInt64 } from '../column-values.js';
import type { ColumnType } from '../types.js';
import { parseTimestamp } from './timestamps.js';
import { INVALID } from './values.js';

const INTEGER_TEXT = /^[+-]?\d+$/;
const FLOAT_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^(?:NaN|[+-]?Infinity)$/;
const BOOLEAN_TEXT = /^(?:true|false)$/i;

/** A non-empty text field (CSV) as a value of `type`, or INVALID. */
export function parseText(type: ColumnType, text: string): unknown {
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

/**
 * The column type of text fields (empty ones ignored): all integers → integer (bigint past 2^53,
 * text past int64: never rounded); numbers (with NaN, ±Infinity) → float; true/false → boolean;
 * ISO-8601 dates and date-times → timestamp; anything else, or nothing, → text.
 */
export function inferTextType(texts: Iterable<string>): ColumnType {
  let integer: 'integer' | 'bigint' | null = 'integer';
  let [float, boolean, timestamp, any] = [true, true, true, false];
  for (const text of texts) {
    if (text === '') continue;
    any = true;
    if (INTEGER_TEXT.test(text)) {
      if (!Number.isSafeInteger(Number(text))) {
        if (!isInt64(BigInt(text))) return 'text';
        if (integer) integer = 'bigint';
      }
    } else {
      integer = null;
      float &&= FLOAT_TEXT.test(text);
    }
    boolean &&= BOOLEAN_TEXT.test(text);
    timestamp &&= parseTimestamp(text) !== null;
  }
  if (!any) return 'text';
  if (integer) return integer;
  if (float) return 'float';
  if (boolean) return 'boolean';
  return timestamp ? 'timestamp' : 'text';
}
