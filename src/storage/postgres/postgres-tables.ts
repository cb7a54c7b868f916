import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { StoredColumn } from '../../datasets/table-meta.js';
import type { ColumnType, Row } from '../../datasets/types.js';
import { fitValue, inRow } from '../../datasets/values/fit-value.js';
import { ValidationError } from '../../errors.js';
import type { Connection } from '../connection.js';
import { quoteId } from '../tables/identifiers.js';
import { type RawRows, type StoredKind, TableDriver } from '../tables/table-driver.js';
import type { CompiledSql } from '../tables/table-spec.js';
import { postgresClient } from './postgres-connection.js';
import { postgresError, translated } from './postgres-errors.js';
import { postgresDialect } from './postgres-table-dialect.js';

/** Rows per piece of COPY text handed to the socket. */
const COPY_ROWS = 2_000;
const INT8 = 20;
const NUMERIC = 1700;

/** 64-bit integers and numerics stay text here; the column decoders make numbers or bigints of them. */
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8 || oid === NUMERIC
      ? (v: string) => v
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Dataset tables in PostgreSQL: COPY for bulk loads, server-side cursors for streams. */
export class PostgresTables extends TableDriver {
  readonly dialect = postgresDialect;

  create(conn: Connection, table: string, columns: readonly StoredColumn[]): Promise<void> {
    const defs = columns.map((c) => `${quoteId(c.id)} ${postgresDialect.sqlType(c.type)}`);
    return run(conn, `create table ${quoteId(table)} (${quoteId('_row')} bigint not null, ${defs.join(', ')})`);
  }

  async insert(
    conn: Connection,
    table: string,
    columns: readonly StoredColumn[],
    rows: readonly Row[],
    firstRow: number,
    firstInputRow: number,
  ): Promise<void> {
    const names = [quoteId('_row'), ...columns.map((c) => quoteId(c.id))].join(', ');
    try {
      await translated(async () => {
        const copy = postgresClient(conn).query(copyFrom(`copy ${quoteId(table)} (${names}) from stdin`));
        await pipeline(Readable.from(copyText(columns, rows, firstRow, firstInputRow)), copy);
      });
    } catch (error) {
      throw rowTooBig(error) ?? error;
    }
  }

  /** The order key is built after a fresh table is loaded: faster than maintaining it row by row. */
  async finish(conn: Connection, table: string, indexed: readonly StoredColumn[], fresh: boolean): Promise<void> {
    if (fresh) await run(conn, `alter table ${quoteId(table)} add primary key (${quoteId('_row')})`);
    for (const column of indexed) {
      const index = quoteId(`${table}_${column.id}`);
      await run(conn, `create index if not exists ${index} on ${quoteId(table)} (${quoteId(column.id)})`);
    }
  }

  copyRows(conn: Connection, from: string, to: string): Promise<void> {
    return run(conn, `insert into ${quoteId(to)} select * from ${quoteId(from)}`);
  }

  drop(conn: Connection, table: string): Promise<void> {
    return run(conn, `drop table if exists ${quoteId(table)}`);
  }

  readKind(conn: Connection, bucket: string, prefix: string, name: string): Promise<StoredKind | undefined> {
    return translated(async () => {
      const result = await postgresClient(conn).query<{ kind: string; kind_meta: string }>(
        'select kind, kind_meta from omega_metadata where bucket = $1 and prefix = $2 and name = $3',
        [bucket, prefix, name],
      );
      const row = result.rows[0];
      return row && { kind: row.kind, kindMeta: JSON.parse(row.kind_meta) as Record<string, unknown> };
    });
  }

  protected all(conn: Connection, query: CompiledSql): Promise<RawRows> {
    return translated(async () => {
      const client = postgresClient(conn);
      const result = await client.query({ text: query.text, values: query.params, rowMode: 'array', types });
      return result.rows as RawRows;
    });
  }

  protected async *stream(conn: Connection, query: CompiledSql, size: number): AsyncIterable<RawRows> {
    const db = postgresClient(conn);
    try {
      await db.query({ text: `declare omega_rows no scroll cursor for ${query.text}`, values: query.params });
    } catch (error) {
      throw postgresError(error);
    }
    try {
      for (;;) {
        const result = await db
          .query({ text: `fetch ${Math.floor(size)} from omega_rows`, rowMode: 'array', types })
          .catch((error: unknown) => {
            throw postgresError(error);
          });
        if (result.rows.length > 0) yield result.rows as RawRows;
        if (result.rows.length < size) return;
      }
    } finally {
      await db.query('close omega_rows').catch(() => undefined);
    }
  }
}

function run(conn: Connection, text: string): Promise<void> {
  return translated(async () => {
    await postgresClient(conn).query(text);
  });
}

/** COPY text format: tab-separated, `\N` for null, backslash escapes. */
function* copyText(columns: readonly StoredColumn[], rows: readonly Row[], firstRow: number, firstInputRow: number) {
  const encoders = columns.map((c) => encoder(c.type));
  let r = 0;
  let c = 0;
  try {
    for (let start = 0; start < rows.length; start += COPY_ROWS) {
      let text = '';
      const end = Math.min(rows.length, start + COPY_ROWS);
      for (r = start; r < end; r++) {
        const row = rows[r] as Row;
        text += firstRow + r;
        for (c = 0; c < columns.length; c++) {
          text += `\t${(encoders[c] as Encoder)(row[(columns[c] as StoredColumn).name])}`;
        }
        text += '\n';
      }
      yield text;
    }
  } catch (error) {
    throw inRow(error, firstInputRow + r, (columns[c] as StoredColumn).name);
  }
}

/**
 * PostgreSQL's limit on one row (54000 "row is too big"): 8,160 bytes, where each number or
 * timestamp takes 8 and each long text or json value at least 18 (a pointer to its stored value).
 * SQLite has no such limit, so very wide rows are stored there and refused here.
 */
function rowTooBig(error: unknown): ValidationError | undefined {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== '54000' || typeof message !== 'string' || !message.startsWith('row is too big')) return undefined;
  return new ValidationError(
    `a row is too wide for PostgreSQL (${message}; numbers and timestamps take 8 bytes each, long texts and json at least 18): use fewer columns`,
    { cause: error },
  );
}

type Encoder = (value: unknown) => string;

function encoder(type: ColumnType): Encoder {
  const nullable = (encode: (fitted: never) => string): Encoder => {
    return (v) => {
      const fitted = fitValue(type, v);
      return fitted === null ? '\\N' : encode(fitted as never);
    };
  };
  switch (type) {
    case 'integer': {
      const slow = nullable(String);
      return (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : slow(v));
    }
    case 'bigint':
      return nullable((v: bigint) => v.toString());
    case 'float': {
      const slow = nullable(String);
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : slow(v));
    }
    case 'text':
      return nullable(copyEscape);
    case 'boolean':
      return nullable((v: boolean) => (v ? 't' : 'f'));
    case 'timestamp':
      return nullable((v: Date) => v.toISOString());
    case 'json':
      return nullable((v: unknown) => copyEscape(JSON.stringify(v)));
  }
}

const SPECIAL = /[\\\n\r\t]/;

function copyEscape(text: string): string {
  if (!SPECIAL.test(text)) return text;
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}
