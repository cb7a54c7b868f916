import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IntegrityError } from '../errors.js';
import { type Backend, isTransactional, type Transfer, type TransferRequest, type TransferSource } from './backend.js';
import { blobKindMeta, blobOf } from './blob-meta.js';

/**
 * How `backend` moves `source` to `request.target`: its own transfer hook, else the default for
 * its kind of backend. Promotion asks here; so will archives and gc.
 */
export function transferOf(backend: Backend, source: TransferSource, request: TransferRequest): Transfer {
  if (backend.transfer) return backend.transfer(source, request);
  return !isTransactional(backend) && blobOf(source.meta)
    ? blobTransfer(source, request)
    : rewriteTransfer(backend, source, request);
}

/**
 * A blob is content-addressed: inside one database it is shared; across databases its bytes are
 * staged into the target's blob store (invisible until the metadata commits). Either way the bytes
 * the target will refer to are hashed before the commit, so a damaged blob never becomes a
 * second damaged object: a shared blob is re-read, a copied one is verified as it streams.
 */
export function blobTransfer({ scope, meta }: TransferSource, { target, sameDatabase }: TransferRequest): Transfer {
  const { sha256 } = blobOf(meta) ?? {};
  if (sha256 === undefined) throw new IntegrityError(`${labelOf(meta)} names no blob`);
  const damaged = (error: unknown) =>
    error instanceof IntegrityError
      ? new IntegrityError(`${labelOf(meta)} cannot be promoted: ${error.message}`, { cause: error })
      : error;
  return {
    copy: sameDatabase ? 'none' : 'stream',
    stage: async () => {
      try {
        // The target's copy (shared inside one database) is touched, so that a gc running now keeps it.
        if ((await target.engine.blobs.touch(sha256)) || sameDatabase) {
          await pipeline(target.engine.blobs.stream(sha256), discard());
          return;
        }
        const copied = await target.engine.blobs.write(scope.engine.blobs.stream(sha256));
        if (copied.sha256 !== sha256) throw new IntegrityError(`${labelOf(meta)} changed while it was promoted`);
      } catch (error) {
        throw damaged(error);
      }
    },
    content: async () => ({ ...meta.kindMeta }),
  };
}

/** A sink that drops what it is given (the verifying stream does the work). */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/** Any other content goes through its backend: read from the source, written to the target. */
export function rewriteTransfer(backend: Backend, source: TransferSource, { target }: TransferRequest): Transfer {
  const request = { name: source.meta.name, previous: null, options: {} };
  let staged: Record<string, unknown> | undefined;
  let object: unknown;
  return {
    copy: 'stream',
    stage: async () => {
      object = await source.get();
      if (!isTransactional(backend)) staged = blobKindMeta(await backend.put(target, object, request));
    },
    content: async (tx) =>
      isTransactional(backend) ? backend.write(tx, object, request) : (staged as Record<string, unknown>),
  };
}

/** `data/sales (bucket dev)`, for messages. */
export function labelOf(meta: TransferSource['meta']): string {
  return `${meta.prefix}${meta.name} (bucket ${meta.bucket})`;
}
