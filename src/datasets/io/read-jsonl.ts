import { ValidationError } from '../../errors.js';
import { type Column, type Row, RowChunks } from '../types.js';
import { inferColumns as inferRowColumns } from '../values/infer-columns.js';
import { reiterable, take } from './chunks.js';
import { castCell, checkColumnNames, listed } from './columns.js';
import { openSource, type SourceOptions } from './file-source.js';
import { parseJsonLine } from './json-line.js';
import type { ReadOptions } from './read-options.js';
import { DEFAULT_MAX_LINE_BYTES, textLines } from './text-lines.js';

interface JsonObject {
  object: Record<string, unknown>;
  line: number;
}

/**
 * A JSON lines file's rows: one object per non-blank line. The columns are `options.columns`, or
 * the keys of the first chunk in order of appearance with inferred types; a missing key is null.
 */
export async function readJsonl(path: string, options: ReadOptions): Promise<RowChunks> {
  const columns = options.columns ?? (await inferColumns(path, options));
  return new RowChunks(
    reiterable(() => jsonChunks(path, columns, options)),
    columns,
  );
}

async function inferColumns(path: string, options: ReadOptions): Promise<Column[]> {
  const first = await take(
    jsonObjects(path, { gzip: options.gzip, maxLineBytes: options.maxLineBytes }),
    options.chunkSize,
  );
  checkColumnNames(path, [...new Set(first.flatMap(({ object }) => Object.keys(object)))]);
  try {
    return inferRowColumns(
      first.map(({ object }) => object),
      (index) => `line ${first[index]?.line}`,
      'timestamp',
    );
  } catch (error) {
    throw error instanceof ValidationError ? new ValidationError(`${path}: ${error.message}`) : error;
  }
}

async function* jsonChunks(path: string, columns: readonly Column[], options: ReadOptions): AsyncGenerator<Row[]> {
  const names = new Set(columns.map((column) => column.name));
  let chunk: Row[] = [];
  for await (const { object, line } of jsonObjects(path, options)) {
    for (const key of Object.keys(object)) {
      if (!names.has(key)) {
        const because = options.columns ? 'is not in the table' : `is not in the first ${options.chunkSize} rows`;
        throw new ValidationError(`${path}: line ${line}: column "${key}" ${because} (${listed(columns)})`);
      }
    }
    const row: Row = {};
    const where = () => `${path}: line ${line}`;
    for (const column of columns) row[column.name] = castCell(where, column, object[column.name]);
    chunk.push(row);
    if (chunk.length === options.chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * The objects of a JSON lines file; a line that is not a JSON object, or longer than
 * `maxLineBytes`, is a ValidationError naming the file and line.
 */
async function* jsonObjects(
  path: string,
  source: SourceOptions & Pick<ReadOptions, 'maxLineBytes'>,
): AsyncGenerator<JsonObject> {
  const input = openSource(path, source);
  const maxBytes = source.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const tooLong = (line: number) =>
    new ValidationError(`${path}: line ${line} is longer than ${maxBytes} bytes (the maxLineBytes option)`);
  let line = 0;
  try {
    for await (const text of textLines(input, maxBytes, tooLong)) {
      line++;
      if (text.trim() === '') continue;
      const object = parseObject(`${path}: line ${line}`, line === 1 ? text.replace(/^\uFEFF/, '') : text);
      yield { object, line };
    }
  } finally {
    input.destroy();
  }
}

/** One line as a JSON object; anything else is a ValidationError starting with `where`. */
export function parseObject(where: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseJsonLine(text);
  } catch (error) {
    throw new ValidationError(`${where}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    throw new ValidationError(`${where}: expected a JSON object, got ${kind}`);
  }
  return value as Record<string, unknown>;
}
