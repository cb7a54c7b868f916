import { isInt64 } from '../values/kinds.js';

const LONG_DIGITS = /\d{16}/; // every integer past 2^53 has at least 16 digits
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const INTEGER = /^-?\d+$/;

/**
 * JSON.parse, except that an integer past 2^53 (that fits int64) directly in the top-level object
 * is returned exactly, as a bigint. Nested ones are numbers, as in JSON.parse.
 */
export function parseJsonLine(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!LONG_DIGITS.test(text) || typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  for (const [key, integer] of topLevelBigIntegers(text)) (value as Record<string, unknown>)[key] = integer;
  return value;
}

/** The top-level members of a (valid) JSON object text whose value is an unsafe int64 integer. */
function topLevelBigIntegers(text: string): Map<string, bigint> {
  const found = new Map<string, bigint>();
  let depth = 0;
  let key = '';
  let expectingValue = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') continue;
    const valueStart = depth === 1 && expectingValue;
    expectingValue = false;
    if (valueStart) {
      NUMBER.lastIndex = index;
      const token = NUMBER.exec(text)?.[0] ?? '';
      const integer = INTEGER.test(token) && !Number.isSafeInteger(Number(token)) ? BigInt(token) : null;
      // the last of duplicate keys wins, as in JSON.parse
      if (integer !== null && isInt64(integer)) found.set(key, integer);
      else found.delete(key);
      if (token) {
        index += token.length - 1;
        continue;
      }
    }
    if (char === '"') {
      const end = closingQuote(text, index);
      if (depth === 1 && !valueStart) key = JSON.parse(text.slice(index, end + 1)) as string;
      index = end;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
    else if (char === ':' && depth === 1) expectingValue = true;
  }
  return found;
}

function closingQuote(text: string, open: number): number {
  let index = open + 1;
  while (text.charAt(index) !== '"') index += text.charAt(index) === '\\' ? 2 : 1;
  return index;
}
