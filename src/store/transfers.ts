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
 * A blob is content-addressed: inside one database it is simply shared; across databases its
 * bytes are staged into the target's blob store (invisible until the metadata commits).
 */
export function blobTransfer({ scope, meta }: TransferSource, { target, sameDatabase }: TransferRequest): Transfer {
  const { sha256 } = blobOf(meta) ?? {};
  if (sha256 === undefined) throw new IntegrityError(`${labelOf(meta)} names no blob`);
  return {
    copy: sameDatabase ? 'none' : 'stream',
    stage: async () => {
      if (sameDatabase || (await target.engine.blobs.exists(sha256))) return;
      const copied = await target.engine.blobs.write(scope.engine.blobs.stream(sha256));
      if (copied.sha256 !== sha256) throw new IntegrityError(`${labelOf(meta)} changed while it was promoted`);
    },
    content: async () => ({ ...meta.kindMeta }),
  };
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
