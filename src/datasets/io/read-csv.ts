import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { CsvError, type Info, parse } from 'csv-parse';
import { ValidationError } from '../../errors.js';
import { type Column, type Row, RowChunks } from '../types.js';
import { inChunks, reiterable, take } from './chunks.js';
import { checkColumnNames, invalidValue, matchColumns } from './columns.js';
import type { ReadOptions } from './read-options.js';
import { inferTextType, parseText } from './text-values.js';
import { INVALID } from './values.js';

/**
 * A CSV file's rows: the first line names the columns; their types are `options.columns`' or
 * inferred from the first chunk. Empty fields are null.
 */
export async function readCsv(path: string, options: ReadOptions): Promise<RowChunks> {
  const [header, ...first] = await take(csvRecords(path), options.chunkSize + 1);
  if (!header) throw new ValidationError(`${path} is empty: a CSV file starts with a header line`);
  checkColumnNames(`${path}: line 1`, header);
  const columns = options.columns
    ? matchColumns(path, header, options.columns)
    : header.map((name, index) => ({ name, type: inferTextType(first.map((fields) => fields[index] ?? '')) }));
  return new RowChunks(
    reiterable(() => inChunks(csvRows(path, columns), options.chunkSize)),
    options.columns ?? columns,
  );
}

async function* csvRows(path: string, columns: readonly Column[]): AsyncGenerator<Row> {
  let index = -1; // the header
  for await (const fields of csvRecords(path)) {
    if (index++ < 0) continue;
    const row: Row = {};
    for (let field = 0; field < columns.length; field++) {
      const column = columns[field] as Column;
      const text = fields[field] ?? '';
      const value = text === '' ? null : parseText(column.type, text);
      if (value === INVALID) throw invalidValue(`${path}: line ${await lineOfRecord(path, index)}`, column, text);
      row[column.name] = value;
    }
    yield row;
  }
}

/** The records of a CSV file (BOM, CRLF, quoted line breaks; blank lines skipped); bad CSV is a ValidationError. */
async function* csvRecords(path: string): AsyncGenerator<string[]> {
  yield* parsed(path, parse({ bom: true, skip_empty_lines: true }));
}

/** The line data record `index` (0 is the one after the header) starts on; only for error messages. */
async function lineOfRecord(path: string, index: number): Promise<number> {
  // csv-parse counts a CRLF inside a quoted field as two lines: count them to correct it.
  let quotedCrlfs = 0;
  let records = -1;
  const parser = parse({ bom: true, skip_empty_lines: true, info: true });
  for await (const { record, info } of parsed<{ record: string[]; info: Info }>(path, parser)) {
    const text = record.join('');
    quotedCrlfs += text.match(/\r\n/g)?.length ?? 0;
    if (records++ === index) return info.lines - quotedCrlfs - (text.match(/\r\n|\r|\n/g)?.length ?? 0);
  }
  throw new Error(`${path} has no record ${index}`);
}

async function* parsed<T = string[]>(path: string, parser: ReturnType<typeof parse>): AsyncGenerator<T> {
  // Errors reach the loop through the parser; stopping early destroys the file stream.
  pipeline(createReadStream(path), parser).catch(() => undefined);
  try {
    yield* parser as AsyncIterable<T>;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const problem = error.message.replace(/,? (?:at|on) line \d+/, '');
    throw new ValidationError(`${path}: line ${error.lines}: ${problem}`, { cause: error });
  }
}
