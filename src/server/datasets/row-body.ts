import type { Readable } from 'node:stream';
import type { FormatWriter } from '../../datasets/io/format-writer.js';
import { writeArrowStream } from '../../datasets/io/write-arrow-stream.js';
import { writeCsv } from '../../datasets/io/write-csv.js';
import type { Column, Row } from '../../datasets/types.js';
import type { Output } from '../../util/output.js';
import { writeJsonRecords, writeNdjson } from './json-data.js';
import { readableOutput } from './readable-output.js';
import type { StartedChunks } from './started-chunks.js';

/** The formats written from rows; JSON and NDJSON are written from JSON texts (jsonBody). */
export type RowsFormat = 'csv' | 'arrow';
export type JsonFormat = 'json' | 'ndjson';

const ROW_WRITERS: Readonly<Record<RowsFormat, FormatWriter>> = { csv: writeCsv, arrow: writeArrowStream };
const JSON_WRITERS = { json: writeJsonRecords, ndjson: writeNdjson } as const;

/**
 * A response body streaming the rows in `format` one chunk at a time, as fast as the client
 * reads; the query closes when the body ends, fails or is abandoned.
 */
export function rowBody(chunks: StartedChunks<Row[]>, columns: readonly Column[], format: RowsFormat): Readable {
  return streamed(chunks, (output) => ROW_WRITERS[format](chunks, columns, output));
}

/** As rowBody, for rows as JSON object texts: NDJSON, or JSON `{ data: [rows] }`. */
export function jsonBody(chunks: StartedChunks<string[]>, format: JsonFormat): Readable {
  return streamed(chunks, (output) => JSON_WRITERS[format](chunks, output));
}

function streamed(chunks: StartedChunks<unknown>, write: (output: Output) => Promise<unknown>): Readable {
  return readableOutput(async (output) => {
    try {
      await write(output);
    } finally {
      await chunks.close();
    }
  });
}
