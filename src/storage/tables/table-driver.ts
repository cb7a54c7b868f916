import type { StoredColumn } from '../../datasets/table-meta.js';
import type { Row } from '../../datasets/types.js';
import type { Connection } from '../connection.js';
import { aggregateSql, countSql, jsonObjectsSql, selectSql } from './query-sql.js';
import type { Decoder, TableDialect } from './table-dialect.js';
import type { Aggregate, CompiledSql, TableQuerySpec } from './table-spec.js';

/** Rows as the driver returns them: one array of column values per row, in select order. */
export type RawRows = unknown[][];

/** An object's kind and kindMeta as one connection sees them. */
export interface StoredKind {
  readonly kind: string;
  readonly kindMeta: Record<string, unknown>;
}

/**
 * Dataset tables on one engine: DDL, bulk insert, queries, always on the connection it is given
 * (a write transaction's or a snapshot's). Each engine's folder holds its subclass; driver errors
 * leave it typed (a missing table is a MissingTableError).
 */
export abstract class TableDriver {
  abstract readonly dialect: TableDialect;

  abstract create(conn: Connection, table: string, columns: readonly StoredColumn[]): Promise<void>;
  /**
   * Appends `rows` numbered from `firstRow` (the `_row` order column; an engine may number them
   * itself in the same order, as SQLite's rowid does). A value that does not fit
   * its column is a ValidationError naming input row `firstInputRow + i` and the column.
   */
  abstract insert(
    conn: Connection,
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
  abstract copyRows(conn: Connection, from: string, to: string): Promise<void>;
  /** Runs after a new table is filled: creates its row-order key and the user's indexes. */
  abstract finish(conn: Connection, table: string, indexed: readonly StoredColumn[], fresh: boolean): Promise<void>;
  abstract drop(conn: Connection, table: string): Promise<void>;
  /** The metadata of one object as of the connection's snapshot. */
  abstract readKind(conn: Connection, bucket: string, prefix: string, name: string): Promise<StoredKind | undefined>;

  protected abstract all(conn: Connection, query: CompiledSql): Promise<RawRows>;
  /** Streams the rows of `query` in arrays of at most `size`, inside the connection's snapshot. */
  protected abstract stream(conn: Connection, query: CompiledSql, size: number): AsyncIterable<RawRows>;

  /** Streams the values of a one-column `query` in arrays of at most `size`. */
  protected async *streamValues(conn: Connection, query: CompiledSql, size: number): AsyncIterable<unknown[]> {
    for await (const rows of this.stream(conn, query, size)) yield rows.map((row) => row[0]);
  }

  select(conn: Connection, spec: TableQuerySpec, columns: readonly StoredColumn[]): Promise<RawRows> {
    return this.all(conn, selectSql(this.dialect, spec, columns));
  }

  cursor(conn: Connection, spec: TableQuerySpec, columns: readonly StoredColumn[], size: number) {
    return this.stream(conn, selectSql(this.dialect, spec, columns), size);
  }

  /**
   * The rows of `cursor` as JSON object texts written by the engine (see TableDialect.jsonObject);
   * undefined when it cannot write them.
   */
  jsonCursor(
    conn: Connection,
    spec: TableQuerySpec,
    columns: readonly StoredColumn[],
    size: number,
  ): AsyncIterable<string[]> | undefined {
    const query = jsonObjectsSql(this.dialect, spec, columns);
    return query && (this.streamValues(conn, query, size) as AsyncIterable<string[]>);
  }

  async count(conn: Connection, spec: TableQuerySpec): Promise<number> {
    const rows = await this.all(conn, countSql(this.dialect, spec));
    return Number(rows[0]?.[0] ?? 0);
  }

  /** `select <groups>, <aggregates> … group by <groups>`, groups in ascending order. */
  aggregate(
    conn: Connection,
    spec: TableQuerySpec,
    groups: readonly StoredColumn[],
    aggregates: readonly Aggregate[],
  ): Promise<RawRows> {
    return this.all(conn, aggregateSql(this.dialect, spec, groups, aggregates));
  }

  /** How to read back what the driver returns for a column of `type`. */
  decoder(type: StoredColumn['type']): Decoder | null {
    return this.dialect.decoder(type);
  }
}
