import type { Column } from '../types.js';

/** What every format's reader gets from readRows. */
export interface ReadOptions {
  /** Rows per chunk (at most). */
  readonly chunkSize: number;
  /** The stored table's columns, when appending: every value is converted to its column's type. */
  readonly columns?: readonly Column[] | undefined;
  /** CSV only: the field separator (one character; a comma by default). */
  readonly delimiter?: string | undefined;
  /** The file is gzip-compressed: decompressed as it streams. */
  readonly gzip: boolean;
  /** JSON lines only: the longest line accepted, in bytes (default 64 MiB). */
  readonly maxLineBytes?: number | undefined;
  /** Called with the number of (compressed) bytes read from the file as the rows are streamed. */
  readonly onBytesRead?: ((bytes: number) => void) | undefined;
}
