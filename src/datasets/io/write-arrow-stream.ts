import type * as arrow from 'apache-arrow';
import { arrowBatch, arrowSchema } from './arrow-batch.js';
import type { FormatWriter } from './format-writer.js';

/**
 * An Arrow IPC stream (schema, one record batch per chunk, end-of-stream marker), each chunk
 * written as soon as it is encoded: integers are Int64, floats Float64, timestamps UTC
 * milliseconds, json values their JSON text. An empty result is the schema alone. The rows'
 * values must be typed as their columns say (as a query returns them).
 */
export const writeArrowStream: FormatWriter = async (chunks, columns, output) => {
  const lib = await import('apache-arrow');
  const sink = new (collectingQueue(lib))();
  const writer = new lib.RecordBatchStreamWriter();
  writer.reset(sink);
  // One schema, every field nullable: a batch whose schema differed would end the stream.
  const schema = arrowSchema(lib, columns);
  let rows = 0;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    writer.write(arrowBatch(lib, schema, columns, chunk));
    rows += chunk.length;
    await output.write(sink.take());
  }
  if (rows === 0) writer.write(new lib.Table(schema));
  writer.finish();
  await output.write(sink.take());
  return rows;
};

/** The writer's byte queue, made to hand over what it holds synchronously (one Buffer per batch). */
function collectingQueue(lib: typeof arrow) {
  return class CollectingQueue extends lib.AsyncByteQueue {
    take(): Buffer {
      const parts = this._values.splice(0);
      return Buffer.concat(parts);
    }
  };
}
