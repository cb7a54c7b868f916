import type { Column } from '../types.js';

/** What every format's reader gets from readRows. */
export interface ReadOptions {
  /** Rows per chunk (at most). */
  readonly chunkSize: number;
  /** The stored table's columns, when appending: every value is converted to its column's type. */
  readonly columns?: readonly Column[] | undefined;
}
