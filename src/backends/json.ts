import { ValidationError } from '../errors.js';
import type { BlobBackend, GetRequest, StoreScope } from '../store/backend.js';
import { typeName } from '../store/backend.js';
import { blobHash } from '../store/blob-meta.js';

/** One JSON value per name; a put replaces it. Stored as a content-addressed blob. */
export const jsonBackend: BlobBackend = {
  kind: 'json',
  prefixes: ['data/', 'scripts/', 'jobs/'],

  supports(obj) {
    return (
      obj === null ||
      typeof obj === 'string' ||
      typeof obj === 'boolean' ||
      typeof obj === 'number' ||
      Array.isArray(obj) ||
      isPlainObject(obj)
    );
  },

  async put(scope: StoreScope, obj: unknown) {
    assertJson(obj, '$');
    return { blob: await scope.engine.blobs.write(Buffer.from(JSON.stringify(obj), 'utf8')) };
  },

  async get(scope: StoreScope, { meta }: GetRequest) {
    const bytes = await scope.engine.blobs.read(blobHash(meta));
    return JSON.parse(bytes.toString('utf8')) as unknown;
  },
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Rejects what JSON would silently change or drop, naming where it is. */
function assertJson(value: unknown, path: string): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new ValidationError(`${path} is ${value}, which JSON cannot represent`);
      return;
    case 'object':
      if (value === null) return;
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          assertJson(item, `${path}[${i}]`);
        });
        return;
      }
      if (!isPlainObject(value)) {
        throw new ValidationError(
          `${path} is a ${typeName(value)}; only plain objects, arrays and primitives are JSON`,
        );
      }
      for (const [key, item] of Object.entries(value)) assertJson(item, `${path}.${key}`);
      return;
    default:
      throw new ValidationError(`${path} is a ${typeof value}, which JSON cannot represent`);
  }
}
