import type { RawConnection } from '../../storage/engine.js';
import type { StoredColumn } from '../table-meta.js';
import type { Row } from '../types.js';
import type { CompiledSql } from './query-sql.js';
import type { TableDialect } from './table-dialect.js';

/** Rows as the driver returns them: one array of column values per row, in select order. */
export type RawRows = unknown[][];

/** Dataset tables on one engine: DDL, bulk insert, queries; always on the connection it is given. */
export interface TableDriver {
  readonly dialect: TableDialect;
  create(raw: RawConnection, table: string, columns: readonly StoredColumn[]): Promise<void>;
  /**
   * Appends `rows` numbered from `firstRow` (the `_row` order column). A value that does not fit
   * its column is a ValidationError naming input row `firstInputRow + i` and the column.
   */
  insert(
    raw: RawConnection,
    table: string,
    columns: readonly StoredColumn[],
    rows: readonly Row[],
    firstRow: number,
    firstInputRow: number,
  ): Promise<void>;
  /**
   * Copies every row of `from` into the empty table `to`, created with the same columns in the
   * same order: a plain `select *`, which SQLite copies record by record without decoding.
   */
  copyRows(raw: RawConnection, from: string, to: string): Promise<void>;
  /** Runs after a new table is filled: creates its row-order key and the user's indexes. */
  finish(raw: RawConnection, table: string, indexed: readonly StoredColumn[], fresh: boolean): Promise<void>;
  drop(raw: RawConnection, table: string): Promise<void>;
  all(raw: RawConnection, query: CompiledSql): Promise<RawRows>;
  /** Streams the rows of `query` in arrays of at most `size`, inside the caller's snapshot. */
  cursor(raw: RawConnection, query: CompiledSql, size: number): AsyncIterable<RawRows>;
}
