import { z } from 'zod';
import { readArrowStream } from '../../datasets/io/read-arrow-stream.js';
import { readCsvStream } from '../../datasets/io/read-csv-stream.js';
import { readJsonlStream } from '../../datasets/io/read-jsonl-stream.js';
import type { StreamReadOptions } from '../../datasets/io/stream-read-options.js';
import { tableMetaOf } from '../../datasets/table-meta.js';
import { type Row, RowChunks } from '../../datasets/types.js';
import { inferColumns } from '../../datasets/values/infer-columns.js';
import { ValidationError } from '../../errors.js';
import type { Omega } from '../../omega.js';
import type { Metadata } from '../../store/metadata.js';
import { parseName } from '../../store/names.js';
import type { RowFormat } from './media-types.js';

/** Rows as objects, or a column dict `{ column: [values…] }` (omega|ml's default orient). */
const TableData = z.union([
  z.array(z.record(z.string(), z.unknown())).min(1),
  z.record(z.string(), z.array(z.unknown())),
]);

/** The JSON body of `PUT /api/v1/dataset/<name>`. */
export const DatasetPutBody = z
  .object({
    data: TableData.describe('rows (objects) or a column dict; ISO-8601 texts are read as timestamps'),
    append: z.boolean().optional().describe('false replaces the table; by default rows are appended'),
  })
  .strict()
  .meta({ id: 'DatasetPutBody' });

/** Rows per chunk read from a streamed body. */
const CHUNK_ROWS = 10_000;
const SOURCE = 'the request body';

type StreamedFormat = Exclude<RowFormat, 'json'>;

const READERS: Readonly<
  Record<StreamedFormat, (bytes: AsyncIterable<Buffer>, options: StreamReadOptions) => Promise<RowChunks>>
> = {
  csv: readCsvStream,
  ndjson: readJsonlStream,
  arrow: readArrowStream,
};

/**
 * Stores the rows of a JSON body `{ data, append? }` as the table `name` (appended unless
 * `append: false`), typed as NDJSON lines are (ISO-8601 texts are timestamps). A bad body is a
 * ValidationError saying what is wrong; nothing is written.
 */
export async function putJsonRows(om: Omega, name: string, body: unknown): Promise<Metadata> {
  const checked = DatasetPutBody.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'body';
    throw new ValidationError(
      `PUT /api/v1/dataset: ${where}: ${issue?.message ?? 'invalid'} (the body is { data: rows or a column dict, append? })`,
    );
  }
  const { data, append } = checked.data;
  parseName(name, { projection: false, version: false });
  const rows = Array.isArray(data) ? data : columnRows(data);
  const input = new RowChunks(once(rows), inferColumns(rows, undefined, 'timestamp'));
  return om.datasets.put(input, name, { kind: 'table', append });
}

/**
 * Stores a CSV, NDJSON or Arrow stream as the table `name` as it arrives, one chunk at a time in
 * one transaction: appended to a stored table (read as its column types) unless `append` is
 * false. Bad input, or bytes that fail (a cut-off upload), write nothing.
 */
export async function importRows(
  om: Omega,
  name: string,
  format: StreamedFormat,
  bytes: AsyncIterable<Buffer>,
  append: boolean | undefined,
): Promise<Metadata> {
  parseName(name, { projection: false, version: false });
  const existing = append === false ? null : await om.datasets.metadata(name);
  const columns = existing?.kind === 'table' ? tableMetaOf(existing.kindMeta, `data/${name}`).columns : undefined;
  const input = await READERS[format](bytes, { source: SOURCE, chunkSize: CHUNK_ROWS, columns });
  return om.datasets.put(input, name, { kind: 'table', append });
}

function columnRows(data: Readonly<Record<string, readonly unknown[]>>): Row[] {
  const names = Object.keys(data);
  const lengths = new Set(names.map((column) => data[column]?.length));
  if (names.length === 0 || lengths.size !== 1 || lengths.has(0)) {
    throw new ValidationError(
      'data as a column dict needs at least one column, all of one and the same non-zero length',
    );
  }
  const [length] = [...lengths] as [number];
  return Array.from({ length }, (_, row) => Object.fromEntries(names.map((column) => [column, data[column]?.[row]])));
}

async function* once(rows: Row[]): AsyncGenerator<Row[]> {
  yield rows;
}
