import { ValidationError } from '../errors.js';
import { arrowColumns, arrowRows, isArrowTable } from './arrow.js';
import { type Column, type Row, RowChunks } from './types.js';
import { isPlainObject } from './values/kinds.js';

/** Rows per chunk when an in-memory input (Arrow) is turned into rows. */
const CHUNK_ROWS = 10_000;

/** What the table backend stores: an array of plain objects, an Arrow table, or rows in chunks. */
export function isTableInput(obj: unknown): boolean {
  return (Array.isArray(obj) && obj.every(isPlainObject)) || isArrowTable(obj) || obj instanceof RowChunks;
}

/**
 * Every input as chunks of rows; `columns` when the input declares its types (Arrow, Parquet),
 * `whole` when the first chunk holds all rows (so inference sees every value).
 */
export interface TableInput {
  readonly columns?: readonly Column[];
  readonly chunks: AsyncIterable<Row[]> | Iterable<Row[]>;
  readonly whole: boolean;
}

export async function tableInput(obj: unknown): Promise<TableInput> {
  if (Array.isArray(obj)) return { chunks: [denseRows(obj)], whole: true };
  if (obj instanceof RowChunks) return { columns: obj.columns, chunks: obj.chunks, whole: false };
  if (isArrowTable(obj)) {
    const columns = await arrowColumns(obj);
    return { columns, chunks: arrowRows(obj, columns, CHUNK_ROWS), whole: false };
  }
  throw new ValidationError('a table is stored from an array of plain objects, an Arrow table or row chunks');
}

/** The rows of an array; a hole (`[, { a: 1 }]`) is a ValidationError naming it. */
function denseRows(rows: readonly unknown[]): Row[] {
  for (let i = 0; i < rows.length; i++) {
    if (!(i in rows))
      throw new ValidationError(`row ${i + 1} is a hole in a sparse array: every row must be an object`);
  }
  return rows as Row[];
}
