import { ValidationError } from '../errors.js';

/** A number as JSON writes it: the only text that X/Y and k=v values read as a number. */
const JSON_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
const STRICT_JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * X or Y on the command line: literal data when it starts with `[` (`[[5.1, 3.5]]`, `[1,2]` —
 * object names cannot contain `[` before their name) or is exactly a JSON number (`5.1`); anything
 * else is a dataset name with modifiers, digits first included (`2026_iris[a,b]`).
 */
export function dataArgument(text: string, role: string): unknown {
  if (!text.startsWith('[') && !STRICT_JSON_NUMBER.test(text)) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError(`${role} ${JSON.stringify(text)} looks like literal data but is not valid JSON`);
  }
  return Array.isArray(value) ? value : [value];
}

/**
 * `k=v` pairs as an object; values that parse as JSON are taken as such (`epochs=5`, `tags=["a"]`),
 * except a number that a JavaScript number cannot hold exactly (`123456789012345678901`, `1e400`,
 * `0.10000000000000000001`), which stays the text as given. Text that is not JSON (`0x10`, `007`,
 * `abc`) is the text itself.
 */
export function keyValues(pairs: readonly string[], what: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ValidationError(`${what} ${JSON.stringify(pair)} is not of the form key=value`);
    values[pair.slice(0, at)] = payloadValue(pair.slice(at + 1));
  }
  return values;
}

function payloadValue(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return text; // not JSON: the text itself
  }
  return typeof value === 'number' && !exactNumber(text, value) ? text : value;
}

/** Whether `value` (parsed from `text`) is the same decimal number as `text` says. */
function exactNumber(text: string, value: number): boolean {
  return Number.isFinite(value) && decimalKey(text.trim()) === decimalKey(String(value));
}

/** A decimal number's text in one canonical form (`-123e-2`), to compare values without rounding. */
function decimalKey(text: string): string {
  const match = JSON_NUMBER.exec(text);
  if (!match) return text;
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  const significant = digits.replace(/0+$/, '');
  const power = Number(exponent) - fraction.length + (digits.length - significant.length);
  return `${sign}${significant}e${power}`;
}
