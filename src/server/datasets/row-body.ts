import type { Readable } from 'node:stream';
import type { FormatWriter } from '../../datasets/io/format-writer.js';
import { writeArrowStream } from '../../datasets/io/write-arrow-stream.js';
import { writeCsv } from '../../datasets/io/write-csv.js';
import { writeJsonl } from '../../datasets/io/write-jsonl.js';
import type { Column } from '../../datasets/types.js';
import { writeJsonRecords } from './json-data.js';
import type { RowFormat } from './media-types.js';
import { readableOutput } from './readable-output.js';
import type { StartedChunks } from './started-chunks.js';

const WRITERS: Readonly<Record<RowFormat, FormatWriter>> = {
  json: writeJsonRecords,
  csv: writeCsv,
  ndjson: writeJsonl,
  arrow: writeArrowStream,
};

/**
 * A response body streaming the rows in `format` (JSON: `{ data: [rows] }`) one chunk at a time,
 * as fast as the client reads; the query closes when the body ends, fails or is abandoned.
 */
export function rowBody(chunks: StartedChunks, columns: readonly Column[], format: RowFormat): Readable {
  return readableOutput(async (output) => {
    try {
      await WRITERS[format](chunks, columns, output);
    } finally {
      await chunks.close();
    }
  });
}
