import { Readable } from 'node:stream';
import type { BlobBackend, GetRequest, StoreScope } from '../store/backend.js';
import { blobHash } from '../store/blob-meta.js';

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
    return options.as === 'stream' ? scope.engine.blobs.stream(sha256) : scope.engine.blobs.read(sha256);
  },
};
