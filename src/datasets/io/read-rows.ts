import { ValidationError } from '../../errors.js';
import { assertReadableFile } from '../../util/readable-file.js';
import type { Column, RowChunks } from '../types.js';
import type { FileFormat } from './formats.js';
import { readJsonl } from './read-jsonl.js';
import type { ReadOptions } from './read-options.js';

export interface ReadRowsOptions {
  /** Rows per chunk, at most (default 10,000). */
  chunkSize?: number;
  /** The stored table's columns, when appending: the file must have exactly these columns. */
  columns?: readonly Column[];
  /** CSV only: the field separator, one character (default a comma; `.tsv` files: a tab). */
  delimiter?: string;
  /** Decompress while reading (default: when the path ends in `.gz`); not for Parquet. */
  gzip?: boolean;
  /** JSON lines: the longest line accepted, in bytes (default 64 MiB); a longer one is a ValidationError. */
  maxLineBytes?: number;
  /** Called with the number of bytes read from the file (compressed ones for gzip) as rows stream. */
  onBytesRead?: (bytes: number) => void;
}

const READERS: Readonly<Record<FileFormat, (path: string, options: ReadOptions) => Promise<RowChunks>>> = {
  // csv-parse and hyparquet are loaded only when such a file is read.
  csv: async (path, options) => (await import('./read-csv.js')).readCsv(path, options),
  jsonl: readJsonl,
  parquet: async (path, options) => (await import('./read-parquet.js')).readParquet(path, options),
};

/**
 * Streams the rows of a file in chunks, typed per the ColumnType contract, with their column types.
 * Resolves once the columns are known (CSV and JSON lines: inferred from the first chunk, unless
 * `options.columns` gives them; Parquet: from the footer). Each iteration of `chunks` reads the file
 * anew, holding one chunk (Parquet: one row group) at a time. Bad input is a ValidationError that
 * names the file and line (Parquet: row).
 */
export async function readRows(path: string, format: FileFormat, options: ReadRowsOptions = {}): Promise<RowChunks> {
  const chunkSize = options.chunkSize ?? 10_000;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) {
    throw new ValidationError(`chunkSize must be a positive integer, got ${chunkSize}`);
  }
  const gzip = options.gzip ?? path.toLowerCase().endsWith('.gz');
  if (gzip && format === 'parquet') {
    throw new ValidationError(`${path}: a Parquet file cannot be read gzip-compressed (it is compressed inside)`);
  }
  const delimiter = checkedDelimiter(options.delimiter, format);
  const { maxLineBytes } = options;
  if (maxLineBytes !== undefined && (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)) {
    throw new ValidationError(`maxLineBytes must be a positive integer, got ${maxLineBytes}`);
  }
  await assertReadableFile(path);
  return READERS[format](path, {
    chunkSize,
    columns: options.columns,
    delimiter,
    gzip,
    onBytesRead: options.onBytesRead,
    maxLineBytes,
  });
}

function checkedDelimiter(delimiter: string | undefined, format: FileFormat): string | undefined {
  if (delimiter === undefined) return undefined;
  if (format !== 'csv') throw new ValidationError(`a delimiter applies to CSV files only, not ${format}`);
  if ([...delimiter].length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new ValidationError(
      `delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`,
    );
  }
  return delimiter;
}
