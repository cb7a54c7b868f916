import { ValidationError } from '../errors.js';

/**
 * X or Y on the command line: literal data when it looks like JSON (`[[5.1, 3.5]]`, `[1,2]`, a
 * number — object names cannot start with `[`), else a dataset name with modifiers.
 */
export function dataArgument(text: string, role: string): unknown {
  if (!text.startsWith('[') && !/^-?\d/.test(text)) return text;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError(`${role} ${JSON.stringify(text)} looks like literal data but is not valid JSON`);
  }
  return Array.isArray(value) ? value : [value];
}

/** `k=v` pairs as an object; values that parse as JSON are taken as such (`epochs=5`, `tags=["a"]`). */
export function keyValues(pairs: readonly string[], what: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new ValidationError(`${what} ${JSON.stringify(pair)} is not of the form key=value`);
    const text = pair.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // not JSON: the text itself
    }
    values[pair.slice(0, at)] = value;
  }
  return values;
}
