import { ValidationError } from '../../errors.js';
import type { Label } from './types.js';

/** A plain JSON object. */
export type JsonObject = Record<string, unknown>;

/**
 * What an ml.js codec stores: the class, whether it is trained, the constructor options (so an
 * untrained instance comes back alike), the library's own `toJSON()` once trained, and the facts
 * the library does not keep itself (feature count, the class labels behind indices 0..k-1).
 */
export interface Envelope {
  readonly class: string;
  readonly fitted: boolean;
  readonly options?: JsonObject;
  readonly model?: JsonObject;
  readonly features?: number;
  readonly classes?: readonly Label[];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `JSON.stringify` replacer putting every object's keys in code-unit order. */
function sortKeys(_key: string, value: unknown): unknown {
  if (!isObject(value)) return value;
  const sorted: JsonObject = {};
  for (const key of Object.keys(value).sort()) sorted[key] = value[key];
  return sorted;
}

/**
 * UTF-8 JSON with sorted keys, so one model always gives the same bytes whatever order its
 * fields were set in (a trained tree and the same tree loaded back differ in that). As with
 * `JSON.stringify`, `toJSON()` is honoured, undefined fields dropped and ±Infinity/NaN become null.
 */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value, sortKeys), 'utf8');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isLabel(value: unknown): value is Label {
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** Parses and checks stored bytes; anything malformed is a ValidationError naming the class. */
export function readEnvelope(bytes: Uint8Array, className: string): Envelope {
  const invalid = (why: string, cause?: unknown) =>
    new ValidationError(`stored ${className} model ${why}`, cause === undefined ? undefined : { cause });
  let parsed: unknown;
  try {
    parsed = JSON.parse(utf8.decode(bytes));
  } catch (err) {
    throw invalid(`is not UTF-8 JSON: ${err instanceof Error ? err.message : String(err)}`, err);
  }
  if (!isObject(parsed)) throw invalid('is not a JSON object');
  const { class: cls, fitted, options, model, features, classes } = parsed;
  if (cls !== className) throw invalid(`holds class ${JSON.stringify(cls)}`);
  if (typeof fitted !== 'boolean') throw invalid('has no boolean "fitted"');
  if (options !== undefined && !isObject(options)) throw invalid('has "options" that are not an object');
  if (fitted && !isObject(model)) throw invalid('is fitted but has no "model" object');
  if (features !== undefined && !(Number.isInteger(features) && (features as number) > 0)) {
    throw invalid('has a "features" count that is not a positive integer');
  }
  if (classes !== undefined && !(Array.isArray(classes) && classes.length > 0 && classes.every(isLabel))) {
    throw invalid('has "classes" that are not a list of labels');
  }
  return {
    class: className,
    fitted,
    ...(options === undefined ? {} : { options }),
    ...(fitted && isObject(model) ? { model } : {}),
    ...(features === undefined ? {} : { features: features as number }),
    ...(classes === undefined ? {} : { classes: classes as Label[] }),
  };
}
