import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { RawConnection } from '../../storage/engine.js';
import type { StoredColumn } from '../table-meta.js';
import type { ColumnType, Row } from '../types.js';
import { fitValue, inRow } from '../values/fit-value.js';
import { quoteId } from './identifiers.js';
import { postgresDialect } from './table-dialect.js';
import type { RawRows, TableDriver } from './table-driver.js';

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

export const postgresTables: TableDriver = {
  dialect: postgresDialect,

  async create(raw, table, columns) {
    const defs = columns.map((c) => `${quoteId(c.id)} ${postgresDialect.sqlType(c.type)}`);
    await client(raw).query(`create table ${quoteId(table)} (${quoteId('_row')} bigint not null, ${defs.join(', ')})`);
  },

  async insert(raw, table, columns, rows, firstRow, firstInputRow) {
    const names = [quoteId('_row'), ...columns.map((c) => quoteId(c.id))].join(', ');
    const copy = client(raw).query(copyFrom(`copy ${quoteId(table)} (${names}) from stdin`));
    await pipeline(Readable.from(copyText(columns, rows, firstRow, firstInputRow)), copy);
  },

  /** The order key is built after a fresh table is loaded: faster than maintaining it row by row. */
  async finish(raw, table, indexed, fresh) {
    if (fresh) await client(raw).query(`alter table ${quoteId(table)} add primary key (${quoteId('_row')})`);
    for (const column of indexed) {
      const index = quoteId(`${table}_${column.id}`);
      await client(raw).query(`create index if not exists ${index} on ${quoteId(table)} (${quoteId(column.id)})`);
    }
  },

  async copyRows(raw, from, to) {
    await client(raw).query(`insert into ${quoteId(to)} select * from ${quoteId(from)}`);
  },

  async drop(raw, table) {
    await client(raw).query(`drop table if exists ${quoteId(table)}`);
  },

  async all(raw, query) {
    const result = await client(raw).query({ text: query.text, values: query.params, rowMode: 'array', types });
    return result.rows as RawRows;
  },

  async *cursor(raw, query, size) {
    const db = client(raw);
    await db.query({ text: `declare omega_rows no scroll cursor for ${query.text}`, values: query.params });
    try {
      for (;;) {
        const result = await db.query({ text: `fetch ${Math.floor(size)} from omega_rows`, rowMode: 'array', types });
        if (result.rows.length > 0) yield result.rows as RawRows;
        if (result.rows.length < size) return;
      }
    } finally {
      await db.query('close omega_rows').catch(() => undefined);
    }
  },
};

function client(raw: RawConnection): pg.PoolClient {
  if (raw.dialect !== 'postgres') throw new Error('postgres table driver on a sqlite connection');
  return raw.client;
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
