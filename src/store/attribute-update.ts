import { ValidationError } from '../errors.js';
import { RESERVED_KEYS as RESERVED } from './names.js';

type Attributes = Record<string, unknown>;

/** What `setAttributes` changes: `unset` key paths are removed first, then `patch` is merged in deeply. */
export interface AttributeUpdate {
  readonly patch: Attributes;
  readonly unset: readonly string[];
}

function isPlainObject(value: unknown): value is Attributes {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkKey(key: string, where: string): void {
  if (key === '') throw new ValidationError(`attribute key path ${JSON.stringify(where)} has an empty key`);
  if (RESERVED.has(key)) throw new ValidationError(`attribute key ${JSON.stringify(key)} is reserved (in ${where})`);
}

/** Attributes nest at most this deep (as json values in tables do). */
const MAX_DEPTH = 1000;

/** Checks every key at any depth of JSON `attributes`: none empty or reserved (`__proto__`, …). */
export function checkKeys(value: unknown, path = '', depth = 0): void {
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_DEPTH) throw new ValidationError(`attributes are nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      checkKeys(item, `${path}[${i}]`, depth + 1);
    });
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const inner = path === '' ? key : `${path}.${key}`;
    checkKey(key, inner);
    checkKeys(item, inner, depth + 1);
  }
}

/** Checks one dot path (`require.label`): non-empty keys, none reserved. */
export function checkAttributePath(path: string): void {
  for (const key of path.split('.')) checkKey(key, path);
}

/** The checked update: a plain JSON object without reserved keys, and dot paths of non-empty, unreserved keys. */
export function attributeUpdate(patch: unknown, unset: readonly unknown[] = []): AttributeUpdate {
  if (!isPlainObject(patch)) throw new ValidationError('attributes to set must be a plain object');
  let copy: Attributes;
  try {
    copy = JSON.parse(JSON.stringify(patch)) as Attributes;
  } catch (error) {
    throw new ValidationError(`attributes are not JSON-serialisable: ${(error as Error).message}`);
  }
  checkKeys(copy, '');
  for (const path of unset) {
    if (typeof path !== 'string') throw new ValidationError('attribute paths to unset must be strings');
    checkAttributePath(path);
  }
  return { patch: copy, unset: unset as string[] };
}

/** `a.b=v` as `{ a: { b: v } }`. */
export function nestedAt(path: string, value: unknown): Attributes {
  return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Attributes;
}

/** Objects merge key by key; anything else (arrays included) replaces. */
export function deepMerge(target: Attributes, patch: Attributes): Attributes {
  const merged: Attributes = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

function without(attributes: Attributes, keys: readonly string[]): Attributes {
  const [key, ...rest] = keys;
  if (key === undefined || !Object.hasOwn(attributes, key)) return attributes;
  const { [key]: value, ...others } = attributes;
  if (rest.length === 0) return others;
  return isPlainObject(value) ? { ...others, [key]: without(value, rest) } : attributes;
}

/** The attributes after `update`; a path that does not exist is left as it is. */
export function applyAttributeUpdate(attributes: Attributes, update: AttributeUpdate): Attributes {
  const kept = update.unset.reduce((current, path) => without(current, path.split('.')), attributes);
  return deepMerge(kept, update.patch);
}
