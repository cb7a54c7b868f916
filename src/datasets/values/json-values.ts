import { ValidationError } from '../../errors.js';
import { isPlainObject } from './kinds.js';
import { typeName } from './preview.js';

/** Deeper nesting is refused: JSON.stringify would overflow the stack long before a real document needs it. */
const MAX_DEPTH = 1000;

/**
 * Checks that `value` is JSON as it is (the json kind, json columns): what JSON.stringify would
 * change, drop or fail on (NaN, ±Infinity, undefined, functions, bigints, Dates and other class
 * instances, circular structures) is a ValidationError naming where it is (`$.a[2]`).
 */
export function checkJson(value: unknown, path = '$'): void {
  checkAt(value, path, new Map(), 0);
}

/** `ancestors` maps each object on the way down to its path, to name the circle a reference closes. */
function checkAt(value: unknown, path: string, ancestors: Map<object, string>, depth: number): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new ValidationError(`${path} is ${value}, which JSON cannot represent`);
      return;
    case 'object': {
      if (value === null) return;
      const isArray = Array.isArray(value);
      if (!isArray && !isPlainObject(value)) {
        throw new ValidationError(
          `${path} is a ${typeName(value)}; only plain objects, arrays and primitives are JSON`,
        );
      }
      const seenAt = ancestors.get(value);
      if (seenAt !== undefined) {
        throw new ValidationError(`${path} refers back to ${seenAt}: a circular structure cannot be stored as JSON`);
      }
      if (depth >= MAX_DEPTH) throw new ValidationError(`${path} is nested deeper than ${MAX_DEPTH} levels`);
      ancestors.set(value, path);
      if (isArray) {
        value.forEach((item, i) => {
          checkAt(item, `${path}[${i}]`, ancestors, depth + 1);
        });
      } else {
        for (const [key, item] of Object.entries(value)) checkAt(item, `${path}.${key}`, ancestors, depth + 1);
      }
      ancestors.delete(value);
      return;
    }
    default:
      throw new ValidationError(`${path} is a ${typeof value}, which JSON cannot represent`);
  }
}
