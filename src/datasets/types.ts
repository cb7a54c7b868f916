/** One row of a table dataset, keyed by column name. */
export type Row = Record<string, unknown>;

/**
 * The type of a table column. Values in JS: integer → number (safe integer), bigint → bigint,
 * float → number (Infinity allowed, NaN stored as null), text → string, boolean → boolean,
 * timestamp → Date (ISO-8601 texts are read as one), json → any JSON value. Every column is
 * nullable (null). How values are typed and fitted: datasets/values/.
 */
export type ColumnType = 'integer' | 'bigint' | 'float' | 'text' | 'boolean' | 'timestamp' | 'json';

export const COLUMN_TYPES: readonly ColumnType[] = [
  'integer',
  'bigint',
  'float',
  'text',
  'boolean',
  'timestamp',
  'json',
];

export interface Column {
  readonly name: string;
  readonly type: ColumnType;
}

/** Rows arriving in chunks (from a file), with their column types when the source knows them. */
export class RowChunks {
  constructor(
    readonly chunks: AsyncIterable<Row[]>,
    readonly columns?: readonly Column[],
  ) {}
}
