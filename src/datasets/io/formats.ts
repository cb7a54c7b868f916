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

/** The format of `path` by its extension (case-insensitive), or null for any other file. */
export function formatOfPath(path: string): FileFormat | null {
  const extension = extname(path).toLowerCase();
  return Object.hasOwn(FORMATS_BY_EXTENSION, extension) ? (FORMATS_BY_EXTENSION[extension] ?? null) : null;
}
