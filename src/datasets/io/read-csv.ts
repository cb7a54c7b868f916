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

interface CsvRecord {
  fields: string[];
  /** The line the record starts on (1 is the header). */
  line: number;
}

/**
 * A CSV file's rows: the first line names the columns; their types are `options.columns`' or
 * inferred from the first chunk. Empty fields are null.
 */
export async function readCsv(path: string, options: ReadOptions): Promise<RowChunks> {
  const first = await take(csvRecords(path), options.chunkSize + 1);
  const header = first[0];
  if (!header) throw new ValidationError(`${path} is empty: a CSV file starts with a header line`);
  checkColumnNames(`${path}: line ${header.line}`, header.fields);
  const columns = options.columns
    ? matchColumns(path, header.fields, options.columns)
    : header.fields.map((name, index) => ({
        name,
        type: inferTextType(first.slice(1).map((record) => record.fields[index] ?? '')),
      }));
  return new RowChunks(
    reiterable(() => inChunks(csvRows(path, columns), options.chunkSize)),
    options.columns ?? columns,
  );
}

async function* csvRows(path: string, columns: readonly Column[]): AsyncGenerator<Row> {
  let header = true;
  for await (const { fields, line } of csvRecords(path)) {
    if (header) {
      header = false;
      continue;
    }
    const row: Row = {};
    for (const [index, column] of columns.entries()) {
      const text = fields[index] ?? '';
      const value = text === '' ? null : parseText(column.type, text);
      if (value === INVALID) throw invalidValue(`${path}: line ${line}`, column, text);
      row[column.name] = value;
    }
    yield row;
  }
}

/** The records of a CSV file (BOM, CRLF and quoted line breaks handled); bad CSV is a ValidationError. */
async function* csvRecords(path: string): AsyncGenerator<CsvRecord> {
  const parser = parse({ bom: true, info: true, skip_empty_lines: true });
  // Errors reach the loop below through the parser; stopping early destroys the file stream.
  pipeline(createReadStream(path), parser).catch(() => undefined);
  // csv-parse counts a CRLF inside a quoted field as two lines: keep count to correct it.
  let quotedCrlfs = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
      let breaks = 0;
      for (const field of record) {
        if (field.includes('\n') || field.includes('\r')) {
          breaks += field.match(/\r\n|\r|\n/g)?.length ?? 0;
          quotedCrlfs += field.match(/\r\n/g)?.length ?? 0;
        }
      }
      yield { fields: record, line: info.lines - quotedCrlfs - breaks };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const problem = error.message.replace(/,? (?:at|on) line \d+/, '');
    throw new ValidationError(`${path}: line ${Number(error.lines) - quotedCrlfs}: ${problem}`, { cause: error });
  }
}
