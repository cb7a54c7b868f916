import type { Column } from '../types.js';

/** How a byte stream (not a file) is read as a table, in one pass. */
export interface StreamReadOptions {
  /** Names the input in error messages, e.g. `the request body`. */
  readonly source: string;
  /** Rows per chunk, at most; the first chunk types the columns. */
  readonly chunkSize: number;
  /** The stored table's columns, when appending: the input must have exactly these. */
  readonly columns?: readonly Column[] | undefined;
  /** CSV only: the field separator (one character; a comma by default). */
  readonly delimiter?: string | undefined;
  /** JSON lines only: the longest line accepted, in bytes (default 64 MiB). */
  readonly maxLineBytes?: number | undefined;
}
