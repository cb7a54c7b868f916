import { isTableInput, tableInput } from '../datasets/table-input.js';
import { isTableName, tableMetaOf } from '../datasets/table-meta.js';
import { TableQuery } from '../datasets/table-query.js';
import { namingDataset } from '../datasets/table-source.js';
import { copyTable, tableWriteOptions, writeTable } from '../datasets/table-writer.js';
import { RowChunks } from '../datasets/types.js';
import { ValidationError } from '../errors.js';
import type { GetRequest, StoreScope, TransactionalBackend, Transfer } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import { labelOf } from '../store/transfers.js';

/** Rows per chunk when a table streams from one database into another. */
export const STREAM_CHUNK_ROWS = 1_000;

const SHAPES = ['rows', 'columns', 'arrow'] as const;

/**
 * Tabular datasets: rows in a typed table of the context's database with a generated name.
 * A put appends to an existing table (in the same transaction as its metadata) unless
 * `append: false`, which fills a new table and drops the old one.
 */
export const tableBackend: TransactionalBackend = {
  kind: 'table',
  prefixes: ['data/'],
  projects: true,

  supports: isTableInput,

  async write(tx, obj, { previous, options }) {
    const stored = previous ? tableMetaOf(previous.kindMeta, label(tx.scope, previous)) : null;
    const meta = await writeTable(
      tx.scope.engine.tables,
      tx.raw,
      await tableInput(obj),
      stored,
      tableWriteOptions(options),
    );
    return { ...meta };
  },

  async release(tx, meta) {
    const table = meta.kindMeta.table;
    // A table name that is not one of ours (damaged metadata) is never handed to SQL.
    if (isTableName(table)) {
      await tx.scope.engine.tables.drop(tx.raw, table);
    }
  },

  async get(scope, { meta, columns, options }: GetRequest) {
    const shape = options.as ?? 'rows';
    if (!SHAPES.includes(shape as (typeof SHAPES)[number])) {
      throw new ValidationError(`as must be one of ${SHAPES.join(', ')}, not ${JSON.stringify(shape)}`);
    }
    let query = new TableQuery({ ...scope, name: meta.name, label: label(scope, meta) });
    const selected = selection(columns, options.columns);
    if (selected) query = query.select(selected);
    if (options.filter !== undefined) query = query.where(options.filter as Record<string, unknown>);
    if (options.sort !== undefined) query = query.sort(...list(options.sort, 'sort'));
    if (options.limit !== undefined) query = query.limit(options.limit as number);
    if (options.offset !== undefined) query = query.skip(options.offset as number);
    if (shape === 'columns') return query.toColumns();
    if (shape === 'arrow') return query.toArrow();
    return query.toArray();
  },

  /**
   * Inside one database the rows are copied in SQL into a new table; across databases they
   * stream from a snapshot of the source into a new table of the target's transaction.
   */
  transfer({ scope, meta }, { sameDatabase, onProgress }): Transfer {
    const label = labelOf(meta);
    const table = tableMetaOf(meta.kindMeta, label);
    if (sameDatabase) {
      return {
        copy: 'sql',
        stage: async () => undefined,
        content: async (tx) => {
          const copied = await copyTable(tx.scope.engine.tables, tx.raw, table).catch((error: unknown) => {
            throw namingDataset(error, label);
          });
          onProgress?.(table.rows); // one statement: all rows at once
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
  },
};

async function* counted<T>(chunks: AsyncIterable<T[]>, onProgress?: (rows: number) => void): AsyncGenerator<T[]> {
  for await (const chunk of chunks) {
    yield chunk;
    onProgress?.(chunk.length);
  }
}

/** `name[a,b]` and `columns: [...]` together: the option picks from the projection. */
function selection(projection: readonly string[] | undefined, option: unknown): readonly string[] | undefined {
  const columns = option === undefined ? undefined : list(option, 'columns');
  if (!projection || !columns) return columns ?? projection;
  const outside = columns.filter((c) => !projection.includes(c));
  if (outside.length > 0) {
    throw new ValidationError(
      `columns ${outside.map((c) => JSON.stringify(c)).join(', ')} are not in the projection [${projection.join(',')}]`,
    );
  }
  return columns;
}

function list(value: unknown, what: string): string[] {
  const items = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(items) || !items.every((v) => typeof v === 'string')) {
    throw new ValidationError(`${what} must be an array of column names`);
  }
  return items;
}

function label(scope: StoreScope, meta: Metadata): string {
  return `${scope.prefix}${meta.name} (bucket ${scope.bucket})`;
}
