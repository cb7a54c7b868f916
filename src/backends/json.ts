import { checkJson } from '../datasets/values/json-values.js';
import type { BlobBackend, GetRequest, StoreScope } from '../store/backend.js';
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
    checkJson(obj);
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
