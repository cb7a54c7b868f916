import { extname } from 'node:path';

/** The file formats tables are imported from and exported to. */
export type FileFormat = 'csv' | 'jsonl' | 'parquet';

export const FILE_FORMATS: readonly FileFormat[] = ['csv', 'jsonl', 'parquet'];

const FORMATS_BY_EXTENSION: Readonly<Record<string, FileFormat>> = {
  '.csv': 'csv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
};

/** How a table file is read, as its name says: `.tsv` is CSV with tabs, a `.gz` suffix is gzip. */
export interface InputFile {
  format: FileFormat;
  gzip: boolean;
  /** Only for CSV; undefined is a comma. */
  delimiter?: string;
}

/** The format of `path` by its extension (case-insensitive), or null for any other file. */
export function formatOfPath(path: string): FileFormat | null {
  const extension = extname(path).toLowerCase();
  return Object.hasOwn(FORMATS_BY_EXTENSION, extension) ? (FORMATS_BY_EXTENSION[extension] ?? null) : null;
}

/** How to read `path` as a table (`.csv`, `.tsv`, `.jsonl`, `.parquet`, and `.gz` of the first three), or null. */
export function inputOfPath(path: string): InputFile | null {
  const gzip = path.toLowerCase().endsWith('.gz');
  const base = gzip ? path.slice(0, -3) : path;
  if (extname(base).toLowerCase() === '.tsv') return { format: 'csv', gzip, delimiter: '\t' };
  const format = formatOfPath(base);
  return format ? { format, gzip } : null;
}
