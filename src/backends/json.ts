import { checkJson } from '../datasets/values/json-values.js';
import type { BlobBackend, GetRequest, StoreScope } from '../store/backend.js';

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
    const { sha256, size } = await scope.engine.blobs.write(Buffer.from(JSON.stringify(obj), 'utf8'));
    return { sha256, size };
  },

  async get(scope: StoreScope, { meta }: GetRequest) {
    const bytes = await scope.engine.blobs.read(String(meta.kindMeta.sha256));
    return JSON.parse(bytes.toString('utf8')) as unknown;
  },
};

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
