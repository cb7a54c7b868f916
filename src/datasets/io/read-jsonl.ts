import { ValidationError } from '../../errors.js';
import { type Column, type Row, RowChunks } from '../types.js';
import { inferColumns as inferRowColumns } from '../values/infer-columns.js';
import { reiterable, take } from './chunks.js';
import { castCell, checkColumnNames, listed } from './columns.js';
import { openSource, type SourceOptions } from './file-source.js';
import { parseJsonLine } from './json-line.js';
import type { ReadOptions } from './read-options.js';
import { DEFAULT_MAX_LINE_BYTES, textLines } from './text-lines.js';

/** A JSON object read from a line, with the line's number. */
export interface JsonObject {
  readonly object: Record<string, unknown>;
  readonly line: number;
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
  return objectColumns(first, path);
}

/** The columns of the first objects: their keys in order of appearance, with inferred types. */
export function objectColumns(first: readonly JsonObject[], source: string): Column[] {
  checkColumnNames(source, [...new Set(first.flatMap(({ object }) => Object.keys(object)))]);
  try {
    return inferRowColumns(
      first.map(({ object }) => object),
      (index) => `line ${first[index]?.line}`,
      'timestamp',
    );
  } catch (error) {
    throw error instanceof ValidationError ? new ValidationError(`${source}: ${error.message}`) : error;
  }
}

/**
 * Turns objects into rows of `columns` (a missing key is null); a key outside them is a
 * ValidationError naming the source, the line and `outside` (why the column is unknown).
 */
export function objectRows(columns: readonly Column[], source: string, outside: string): (object: JsonObject) => Row {
  const names = new Set(columns.map((column) => column.name));
  return ({ object, line }) => {
    for (const key of Object.keys(object)) {
      if (!names.has(key)) {
        throw new ValidationError(`${source}: line ${line}: column "${key}" ${outside} (${listed(columns)})`);
      }
    }
    const row: Row = {};
    const where = () => `${source}: line ${line}`;
    for (const column of columns) row[column.name] = castCell(where, column, object[column.name]);
    return row;
  };
}

async function* jsonChunks(path: string, columns: readonly Column[], options: ReadOptions): AsyncGenerator<Row[]> {
  const typed = objectRows(columns, path, unknownColumn(options));
  let chunk: Row[] = [];
  for await (const object of jsonObjects(path, options)) {
    chunk.push(typed(object));
    if (chunk.length === options.chunkSize) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** Why a key that is not a column is refused: the table's columns, or those of the first chunk. */
export function unknownColumn(options: { columns?: unknown; chunkSize: number }): string {
  return options.columns ? 'is not in the table' : `is not in the first ${options.chunkSize} rows`;
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
