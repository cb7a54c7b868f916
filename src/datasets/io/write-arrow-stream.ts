import type * as arrow from 'apache-arrow';
import { toArrowTable } from '../arrow.js';
import type { Column, Row } from '../types.js';
import { type FormatWriter, typedValue } from './format-writer.js';

/**
 * An Arrow IPC stream (schema, one record batch per chunk, end-of-stream marker), each chunk
 * written as soon as it is encoded: integers are Int64, floats Float64, timestamps UTC
 * milliseconds, json values their JSON text. An empty result is the schema alone.
 */
export const writeArrowStream: FormatWriter = async (chunks, columns, output) => {
  const lib = await import('apache-arrow');
  const sink = new (collectingQueue(lib))();
  const writer = new lib.RecordBatchStreamWriter();
  writer.reset(sink);
  // One schema, every field nullable: a batch whose schema differed would end the stream.
  const schema = new lib.Schema(
    (await toArrowTable(columns, {})).schema.fields.map((field) => new lib.Field(field.name, field.type, true)),
  );
  let rows = 0;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const table = await toArrowTable(columns, columnValues(chunk, columns, rows));
    // batch by batch: writing a Table would end the stream after it
    for (const batch of table.batches) writer.write(new lib.RecordBatch(schema, batch.data));
    rows += chunk.length;
    await output.write(sink.take());
  }
  if (rows === 0) writer.write(new lib.Table(schema));
  writer.finish();
  await output.write(sink.take());
  return rows;
};

/** The rows of a chunk column by column, each value checked against its column's type. */
function columnValues(chunk: readonly Row[], columns: readonly Column[], before: number): Record<string, unknown[]> {
  const values: Record<string, unknown[]> = {};
  for (const column of columns) {
    values[column.name] = chunk.map((row, index) => typedValue(column, row[column.name], before + index + 1));
  }
  return values;
}

/** The writer's byte queue, made to hand over what it holds synchronously (one Buffer per batch). */
function collectingQueue(lib: typeof arrow) {
  return class CollectingQueue extends lib.AsyncByteQueue {
    take(): Buffer {
      const parts = this._values.splice(0);
      return Buffer.concat(parts);
    }
  };
}
