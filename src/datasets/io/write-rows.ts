import { ValidationError } from '../../errors.js';
import { openOutput } from '../../util/output.js';
import type { Column, Row } from '../types.js';
import type { FormatWriter } from './format-writer.js';
import type { FileFormat } from './formats.js';
import { writeCsv } from './write-csv.js';
import { writeJsonl } from './write-jsonl.js';

const WRITERS: Readonly<Record<FileFormat, FormatWriter>> = {
  csv: writeCsv,
  jsonl: writeJsonl,
  // hyparquet-writer is loaded only when a Parquet file is written.
  parquet: async (chunks, columns, output) =>
    (await import('./write-parquet.js')).writeParquet(chunks, columns, output),
};

/**
 * Writes rows in `format`, one chunk at a time with backpressure. A path is written to a temporary
 * file beside it and renamed into place once complete, so a failure leaves no partial file; a
 * stream is written to but not ended. A value that does not fit its column is a ValidationError.
 */
export async function writeRows(
  chunks: AsyncIterable<Row[]>,
  columns: readonly Column[],
  output: string | NodeJS.WritableStream,
  format: FileFormat,
): Promise<{ rows: number }> {
  if (columns.length === 0) throw new ValidationError('cannot write a table without columns');
  const out = await openOutput(output);
  try {
    const rows = await WRITERS[format](chunks, columns, out);
    await out.commit();
    return { rows };
  } catch (error) {
    await out.abort();
    throw error;
  }
}
