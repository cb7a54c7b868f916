import { tableBackend } from '../backends/table.js';
import { tableMetaOf } from '../datasets/table-meta.js';
import { TableQuery } from '../datasets/table-query.js';
import { namingDataset } from '../datasets/table-source.js';
import { copyTable } from '../datasets/table-writer.js';
import { RowChunks } from '../datasets/types.js';
import { IntegrityError } from '../errors.js';
import { isTransactional, type StoreScope, type WriteTransaction } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import type { BackendRegistry } from '../store/registry.js';

/** Rows per chunk when a table streams from one context into another. */
export const STREAM_CHUNK_ROWS = 1_000;

/** How the promoted content reaches the target. */
export interface Transfer {
  readonly copy: 'none' | 'sql' | 'stream';
  /** Before the target transaction: immutable data the target needs (blob bytes), invisible until committed. */
  stage(): Promise<void>;
  /** Inside the target transaction: writes the content and gives its kindMeta. */
  content(tx: WriteTransaction): Promise<Record<string, unknown>>;
}

export interface TransferSource {
  readonly scope: StoreScope;
  /** The promoted version's metadata. */
  readonly meta: Metadata;
  /** The promoted object, for kinds that have neither blobs nor tables. */
  get(): Promise<unknown>;
}

/**
 * Inside one database nothing is copied but a table (in SQL, into a new table switched in by the
 * target transaction); blobs are content-addressed and simply shared. Across databases, blob
 * bytes are staged into the target's blob store and table rows stream into a new table inside
 * the target transaction, so a failure or a kill at any point leaves the target as it was.
 */
export function planTransfer(
  source: TransferSource,
  target: StoreScope,
  registry: BackendRegistry,
  onProgress?: (rows: number) => void,
): Transfer {
  const { meta, scope } = source;
  const sameDatabase = scope.engine.location === target.engine.location;
  const label = `${meta.prefix}${meta.name} (bucket ${meta.bucket})`;
  if (meta.kind === tableBackend.kind) {
    const table = tableMetaOf(meta.kindMeta, label);
    if (sameDatabase) {
      return {
        copy: 'sql',
        stage: async () => undefined,
        content: async (tx) => {
          const copied = await copyTable(tx.scope.engine.tables, tx.raw, table).catch((error: unknown) => {
            throw namingDataset(error, label);
          });
          return { ...copied };
        },
      };
    }
    return {
      copy: 'stream',
      stage: async () => undefined,
      content: (tx) => {
        const query = new TableQuery({ ...scope, name: meta.name, label });
        const rows = new RowChunks(counted(query.chunks(STREAM_CHUNK_ROWS), onProgress), table.columns);
        return tableBackend.write(tx, rows, { name: meta.name, previous: null, options: { index: table.indexes } });
      },
    };
  }
  const sha256 = meta.kindMeta.sha256;
  if (typeof sha256 === 'string') {
    return {
      copy: sameDatabase ? 'none' : 'stream',
      stage: async () => {
        if (sameDatabase || (await target.engine.blobs.exists(sha256))) return;
        const copied = await target.engine.blobs.write(scope.engine.blobs.stream(sha256));
        if (copied.sha256 !== sha256) throw new IntegrityError(`${label} changed while it was promoted`);
      },
      content: async () => ({ ...meta.kindMeta }),
    };
  }
  // Any other kind goes through its backend: read from the source, written to the target.
  const backend = registry.byKind(meta.kind, meta.prefix as StoreScope['prefix']);
  let staged: Record<string, unknown> | undefined;
  let object: unknown;
  return {
    copy: 'stream',
    stage: async () => {
      object = await source.get();
      if (!isTransactional(backend))
        staged = await backend.put(target, object, { name: meta.name, previous: null, options: {} });
    },
    content: async (tx) =>
      isTransactional(backend)
        ? backend.write(tx, object, { name: meta.name, previous: null, options: {} })
        : (staged as Record<string, unknown>),
  };
}

async function* counted<T>(chunks: AsyncIterable<T[]>, onProgress?: (rows: number) => void): AsyncGenerator<T[]> {
  for await (const chunk of chunks) {
    yield chunk;
    onProgress?.(chunk.length);
  }
}
