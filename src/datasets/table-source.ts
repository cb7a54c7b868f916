import { IntegrityError, NotFoundError, ValidationError } from '../errors.js';
import type { Connection, Engine } from '../storage/engine.js';
import { MissingTableError } from '../storage/tables/missing-table.js';
import { type TableMeta, tableMetaOf } from './table-meta.js';

/** Where a table dataset lives, for queries that read its metadata inside their own snapshot. */
export interface TableSource {
  readonly engine: Engine;
  readonly bucket: string;
  readonly prefix: string;
  readonly name: string;
  /** `data/sales (bucket dev)`, for messages. */
  readonly label: string;
  readonly context: string;
}

/** The dataset's table metadata as of the snapshot `conn` reads. */
export async function readTableMeta(conn: Connection, source: TableSource): Promise<TableMeta> {
  const stored = await source.engine.tables.readKind(conn, source.bucket, source.prefix, source.name);
  if (!stored) throw new NotFoundError(`${source.label} does not exist in context ${source.context}`);
  if (stored.kind !== 'table') {
    throw new ValidationError(`${source.label} is of kind ${stored.kind}; lazy queries need a table dataset`);
  }
  return tableMetaOf(stored.kindMeta, source.label);
}

/** A missing table as an IntegrityError naming the dataset; any other error as it is. */
export function namingDataset(error: unknown, label: string): unknown {
  if (!(error instanceof MissingTableError)) return error;
  return new IntegrityError(`${label} is damaged: its table ${error.table} is missing from the database`, {
    cause: error,
  });
}
