import type * as arrow from 'apache-arrow';
import { ValidationError } from '../../errors.js';
import { arrowColumns, arrowRows } from '../arrow.js';
import { type Column, type Row, RowChunks } from '../types.js';
import { checkColumnNames } from './columns.js';
import type { StreamReadOptions } from './stream-read-options.js';

/** The most bytes one message (schema or record batch) may take: a larger one is refused, never buffered. */
export const MAX_ARROW_MESSAGE_BYTES = 256 * 1024 * 1024;

/** What ends every complete Arrow IPC stream: a continuation marker and a zero length. */
const END_OF_STREAM = Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/**
 * The rows of an Arrow IPC stream read once, batch by batch, as it arrives (a request body),
 * typed by its schema (64-bit integers are `bigint` only when a value of the first batch needs
 * it). A stream that is not Arrow, or that stops before its end-of-stream marker (cut off), is
 * a ValidationError naming `options.source`, raised before the last rows are handed on.
 */
export async function readArrowStream(bytes: AsyncIterable<Buffer>, options: StreamReadOptions): Promise<RowChunks> {
  const lib = await import('apache-arrow');
  const { source } = options;
  const input = new MeteredBytes(bytes, source);
  const reader = await invalidArrow(source, () => lib.RecordBatchReader.from(input));
  const batches = reader[Symbol.asyncIterator]();
  try {
    const first = await invalidArrow(source, () => batches.next());
    if (first.done && !input.sawSchema)
      throw new ValidationError(`${source} is empty: an Arrow stream starts with its schema`);
    checkColumnNames(
      source,
      reader.schema.fields.map((field) => field.name),
    );
    const table = first.done ? new lib.Table(reader.schema) : new lib.Table(first.value);
    const columns = await arrowColumns(table);
    return new RowChunks(
      arrowChunks(lib, first.done ? undefined : first.value, batches, input, options, columns),
      columns,
    );
  } catch (error) {
    await batches.return?.();
    throw error;
  }
}

async function* arrowChunks(
  lib: typeof arrow,
  first: arrow.RecordBatch | undefined,
  rest: AsyncIterator<arrow.RecordBatch>,
  input: MeteredBytes,
  { source, chunkSize }: StreamReadOptions,
  columns: readonly Column[],
): AsyncGenerator<Row[]> {
  // A batch's rows are handed on once the next message is read: the last ones only after the marker.
  let pending = first;
  try {
    while (pending) {
      input.resetMessage();
      const next = await invalidArrow(source, () => rest.next());
      if (next.done && !input.complete)
        throw new ValidationError(`${source} was cut off: no Arrow end-of-stream marker`);
      const table = new lib.Table(pending);
      if (pending !== first) await sameTypes(table, columns, source);
      yield* arrowRows(table, columns, chunkSize);
      pending = next.done ? undefined : next.value;
    }
    if (!input.complete) throw new ValidationError(`${source} was cut off: no Arrow end-of-stream marker`);
  } finally {
    await rest.return?.();
  }
}

/** A later batch whose 64-bit integers exceed what the first batch typed its column as is refused, not rounded. */
async function sameTypes(table: arrow.Table, columns: readonly Column[], source: string): Promise<void> {
  const types = await arrowColumns(table);
  types.forEach((column, index) => {
    if (column.type !== columns[index]?.type) {
      throw new ValidationError(
        `${source}: column ${JSON.stringify(column.name)} holds integers beyond 2^53 after its first batch; send them in the first batch so the column is typed bigint`,
      );
    }
  });
}

/** The reader's errors on bytes that are not Arrow as ValidationErrors naming the source. */
async function invalidArrow<T>(source: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    // the reader's own errors are plain Errors; those of the bytes (a cut-off body) carry a code
    if (error instanceof ValidationError || !(error instanceof Error) || 'code' in error) throw error;
    throw new ValidationError(`${source} is not a valid Arrow IPC stream (${error.message})`, { cause: error });
  }
}

/** The bytes handed to the Arrow reader: bounded per message, with the last eight kept to see the end marker. */
class MeteredBytes implements AsyncIterable<Uint8Array> {
  private messageBytes = 0;
  private tail = Buffer.alloc(0);
  private total = 0;

  constructor(
    private readonly bytes: AsyncIterable<Buffer>,
    private readonly source: string,
  ) {}

  /** Whether anything beyond the 8-byte framing of a schema arrived. */
  get sawSchema(): boolean {
    return this.total > END_OF_STREAM.length;
  }

  /** Whether the bytes ended with the end-of-stream marker. */
  get complete(): boolean {
    return this.tail.equals(END_OF_STREAM);
  }

  resetMessage(): void {
    this.messageBytes = 0;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    for await (const chunk of this.bytes) {
      this.total += chunk.length;
      this.messageBytes += chunk.length;
      if (this.messageBytes > MAX_ARROW_MESSAGE_BYTES) {
        throw new ValidationError(`${this.source} has an Arrow message larger than ${MAX_ARROW_MESSAGE_BYTES} bytes`);
      }
      this.tail = Buffer.concat([this.tail, chunk.subarray(-END_OF_STREAM.length)]).subarray(-END_OF_STREAM.length);
      yield chunk;
    }
  }
}
