import { open } from 'node:fs/promises';
import { type FileMetaData, parquetMetadataAsync, parquetReadObjects, parquetSchema } from 'hyparquet';
import { ValidationError } from '../../errors.js';
import { type Column, type Row, RowChunks } from '../types.js';
import { reiterable } from './chunks.js';
import { castCell, checkColumnNames, matchColumns } from './columns.js';
import { fileBuffer } from './file-buffer.js';
import { parquetColumnTypes } from './parquet-types.js';
import type { ReadOptions } from './read-options.js';

/** A Parquet file's rows, read one row group at a time; the column types come from the footer. */
export async function readParquet(path: string, options: ReadOptions): Promise<RowChunks> {
  const metadata = await readMetadata(path);
  const schema = parquetSchema(metadata);
  const names = schema.children.map((child) => child.element.name);
  checkColumnNames(path, names);
  const types = parquetColumnTypes(metadata, schema);
  const unreadable = names.find((_, index) => types[index] === null);
  if (unreadable !== undefined) {
    throw new ValidationError(`${path}: column "${unreadable}" has a Parquet type omegats cannot read`);
  }
  const columns = options.columns
    ? matchColumns(path, names, options.columns)
    : names.map((name, index) => ({ name, type: types[index] ?? 'text' }));
  return new RowChunks(
    reiterable(() => parquetChunks(path, metadata, columns, options.chunkSize)),
    options.columns ?? columns,
  );
}

async function readMetadata(path: string): Promise<FileMetaData> {
  const handle = await open(path, 'r');
  try {
    return await parquetMetadataAsync(await fileBuffer(handle));
  } catch (error) {
    throw new ValidationError(`${path} is not a valid Parquet file (${(error as Error).message})`, { cause: error });
  } finally {
    await handle.close();
  }
}

async function* parquetChunks(
  path: string,
  metadata: FileMetaData,
  columns: readonly Column[],
  chunkSize: number,
): AsyncGenerator<Row[]> {
  const handle = await open(path, 'r');
  try {
    const file = await fileBuffer(handle);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const values = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
      for (let offset = 0; offset < values.length; offset += chunkSize) {
        yield values.slice(offset, offset + chunkSize).map((raw, index) => {
          const row: Row = {};
          const where = () => `${path}: row ${rowStart + offset + index + 1}`;
          for (const column of columns) row[column.name] = castCell(where, column, raw[column.name]);
          return row;
        });
      }
      rowStart = rowEnd;
    }
  } finally {
    await handle.close();
  }
}
