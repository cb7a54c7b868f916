import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeRows } from '../datasets/io/write-rows.js';
import { tableMetaOf } from '../datasets/table-meta.js';
import { TableQuery } from '../datasets/table-query.js';
import type { StoreScope } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import { labelOf } from '../store/transfers.js';

/** Rows read from the database per chunk while a table is written as Parquet. */
const EXPORT_CHUNK_ROWS = 10_000;

/** A table written to a Parquet file, named by its hash. */
export interface ParquetFile {
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
  readonly rows: number;
}

/**
 * Streams the rows of the table dataset `meta` (from one snapshot) into a Parquet file in `dir`
 * with the project's writer (column types kept in its footer), then hashes the file.
 */
export async function tableToParquet(scope: StoreScope, meta: Metadata, dir: string): Promise<ParquetFile> {
  const label = labelOf(meta);
  const { columns } = tableMetaOf(meta.kindMeta, label);
  const query = new TableQuery({ ...scope, name: meta.name, label });
  const written = join(dir, `table-${Math.random().toString(36).slice(2)}.parquet`);
  const { rows } = await writeRows(
    query.chunks(EXPORT_CHUNK_ROWS),
    columns.map(({ name, type }) => ({ name, type })),
    written,
    'parquet',
  );
  const { sha256, size } = await hashFile(written);
  const file = join(dir, `${sha256}.parquet`);
  await rename(written, file);
  return { file, sha256, size, rows };
}

/** The sha256 and size of a file, read as a stream. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}
