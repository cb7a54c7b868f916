import { ValidationError } from '../../errors.js';
import { type Column, type Row, RowChunks } from '../types.js';
import { type JsonObject, objectColumns, objectRows, parseObject, unknownColumn } from './read-jsonl.js';
import type { StreamReadOptions } from './stream-read-options.js';
import { DEFAULT_MAX_LINE_BYTES, textLines } from './text-lines.js';

/**
 * The rows of JSON lines read once, as they arrive (a request body): one object per non-blank
 * line; the columns are `options.columns`, or the keys of the first chunk (held until then) with
 * inferred types. A missing key is null. Bad input is a ValidationError naming `options.source`
 * and the line; the bytes failing (a cut-off upload) fails the iteration.
 */
export async function readJsonlStream(bytes: AsyncIterable<Buffer>, options: StreamReadOptions): Promise<RowChunks> {
  const { source, chunkSize } = options;
  const objects = jsonObjects(bytes, options);
  try {
    const first: JsonObject[] = [];
    for (let step = await objects.next(); !step.done; step = await objects.next()) {
      first.push(step.value);
      if (first.length === chunkSize) break;
    }
    const columns = options.columns ?? objectColumns(first, source);
    return new RowChunks(jsonChunks(first, objects, columns, options), columns);
  } catch (error) {
    await objects.return(undefined);
    throw error;
  }
}

async function* jsonChunks(
  first: readonly JsonObject[],
  rest: AsyncGenerator<JsonObject>,
  columns: readonly Column[],
  options: StreamReadOptions,
): AsyncGenerator<Row[]> {
  const typed = objectRows(columns, options.source, unknownColumn(options));
  try {
    if (first.length > 0) yield first.map(typed);
    if (first.length < options.chunkSize) return;
    let chunk: Row[] = [];
    for await (const object of rest) {
      chunk.push(typed(object));
      if (chunk.length === options.chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  } finally {
    await rest.return(undefined);
  }
}

async function* jsonObjects(bytes: AsyncIterable<Buffer>, options: StreamReadOptions): AsyncGenerator<JsonObject> {
  const maxBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const tooLong = (line: number) =>
    new ValidationError(`${options.source}: line ${line} is longer than ${maxBytes} bytes`);
  let line = 0;
  for await (const text of textLines(bytes, maxBytes, tooLong)) {
    line++;
    if (text.trim() === '') continue;
    const object = parseObject(`${options.source}: line ${line}`, line === 1 ? text.replace(/^\uFEFF/, '') : text);
    yield { object, line };
  }
}
