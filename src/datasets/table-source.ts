import { NotFoundError, ValidationError } from '../errors.js';
import type { Engine, RawConnection } from '../storage/engine.js';
import { postgresTables } from './sql/postgres-tables.js';
import { sqliteTables } from './sql/sqlite-tables.js';
import type { TableDriver } from './sql/table-driver.js';
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

export function tableDriver(engine: Engine): TableDriver {
  return engine.dialect === 'sqlite' ? sqliteTables : postgresTables;
}

/** The dataset's table metadata as of the snapshot `raw` reads. */
export async function readTableMeta(raw: RawConnection, source: TableSource): Promise<TableMeta> {
  const key = [source.bucket, source.prefix, source.name];
  const row =
    raw.dialect === 'sqlite'
      ? (raw.db
          .prepare('select kind, kind_meta from omega_metadata where bucket = ? and prefix = ? and name = ?')
          .get(key) as MetaRow | undefined)
      : ((
          await raw.client.query<MetaRow>(
            'select kind, kind_meta from omega_metadata where bucket = $1 and prefix = $2 and name = $3',
            key,
          )
        ).rows[0] as MetaRow | undefined);
  if (!row) throw new NotFoundError(`${source.label} does not exist in context ${source.context}`);
  if (row.kind !== 'table') {
    throw new ValidationError(`${source.label} is of kind ${row.kind}; lazy queries need a table dataset`);
  }
  return tableMetaOf(JSON.parse(row.kind_meta) as Record<string, unknown>, source.label);
}

interface MetaRow {
  kind: string;
  kind_meta: string;
}
