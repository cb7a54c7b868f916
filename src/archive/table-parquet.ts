import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { writeParquet } from '../datasets/io/write-parquet.js';
import { tableMetaOf } from '../datasets/table-meta.js';
import { TableQuery } from '../datasets/table-query.js';
import type { StoreScope } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import { labelOf } from '../store/transfers.js';
import { openOutput } from '../util/output.js';

/**
 * Rows read from the database per chunk, and per Parquet row group: an import holds one row group
 * at a time, so small groups keep its memory low (hyparquet decodes a whole group at once).
 */
const EXPORT_CHUNK_ROWS = 4_096;

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
  const output = await openOutput(written);
  let rows: number;
  try {
    rows = await writeParquet(
      query.chunks(EXPORT_CHUNK_ROWS),
      columns.map(({ name, type }) => ({ name, type })),
      output,
      EXPORT_CHUNK_ROWS,
    );
    await output.commit();
  } catch (error) {
    await output.abort();
    throw error;
  }
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
