import { Readable } from 'node:stream';
import { ValidationError } from '../errors.js';
import type { BlobBackend, GetRequest, StoreScope } from '../store/backend.js';
import { blobHash, blobOf } from '../store/blob-meta.js';

/** Node reads at most 2 GiB into one Buffer; larger files are read as a stream. */
export const MAX_BUFFER_BYTES = 2 ** 31 - 1;

/** Bytes: put a Buffer, Uint8Array or Readable; get a Buffer, or a Readable with `{ as: 'stream' }`. */
export const fileBackend: BlobBackend = {
  kind: 'file',

  supports(obj) {
    return obj instanceof Uint8Array || obj instanceof Readable;
  },

  async put(scope: StoreScope, obj: unknown) {
    return { blob: await scope.engine.blobs.write(obj as Uint8Array | Readable) };
  },

  async get(scope: StoreScope, { meta, options }: GetRequest) {
    const sha256 = blobHash(meta);
    const size = blobOf(meta)?.size ?? 0;
    if (options.as !== 'stream' && size > MAX_BUFFER_BYTES) {
      throw new ValidationError(
        `${meta.prefix}${meta.name} is ${size} bytes; a Buffer holds at most 2 GiB: get it with { as: 'stream' }`,
      );
    }
    return options.as === 'stream' ? scope.engine.blobs.stream(sha256) : scope.engine.blobs.read(sha256);
  },
};
