import { pipeline } from 'node:stream/promises';
import { CsvError, type Info, type Parser, parse } from 'csv-parse';
import { ValidationError } from '../../errors.js';
import { type Column, type Row, RowChunks } from '../types.js';
import { INVALID } from '../values/fit-value.js';
import { inferTextType, parseText } from '../values/text-cells.js';
import { reiterable, take } from './chunks.js';
import { checkColumnNames, invalidValue, matchColumns } from './columns.js';
import { openSource } from './file-source.js';
import type { ReadOptions } from './read-options.js';

/** A record as csv-parse gives it with `info: true`. */
interface InfoRecord {
  record: string[];
  info: Info;
}

/**
 * A CSV file's rows: the first line names the columns; their types are `options.columns`' or
 * inferred from the first chunk. Empty fields are null; blank lines are skipped.
 */
export async function readCsv(path: string, options: ReadOptions): Promise<RowChunks> {
  const [header, ...first] = await take<string[]>(csvParser(path, options), options.chunkSize + 1).catch(
    (error: unknown) => {
      throw csvError(path, error);
    },
  );
  if (!header) throw new ValidationError(`${path} is empty: a CSV file starts with a header line`);
  checkColumnNames(`${path}: line 1`, header);
  const columns = options.columns
    ? matchColumns(path, header, options.columns)
    : header.map((name, index) => ({ name, type: inferTextType(first.map((fields) => fields[index] ?? '')) }));
  return new RowChunks(
    reiterable(() => csvChunks(path, columns, options)),
    options.columns ?? columns,
  );
}

async function* csvChunks(path: string, columns: readonly Column[], options: ReadOptions): AsyncGenerator<Row[]> {
  const { chunkSize } = options;
  let chunk: Row[] = [];
  let record = -1; // 0 is the header
  try {
    for await (const fields of csvParser(path, { ...options, counted: true }) as AsyncIterable<string[]>) {
      if (++record === 0) continue;
      const row: Row = {};
      for (let field = 0; field < columns.length; field++) {
        const column = columns[field] as Column;
        const text = fields[field] ?? '';
        const value = text === '' ? null : parseText(column.type, text);
        if (value === INVALID) {
          throw invalidValue(`${path}: line ${await lineOfRecord(path, options, record)}`, column, text);
        }
        row[column.name] = value;
      }
      chunk.push(row);
      if (chunk.length === chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
  } catch (error) {
    throw csvError(path, error);
  }
  if (chunk.length > 0) yield chunk;
}

/** The line record `index` (0 is the header) starts on: parses the file again, for error messages only. */
async function lineOfRecord(path: string, options: ReadOptions, index: number): Promise<number> {
  // csv-parse counts a CRLF inside a quoted field as two lines: count them to correct it.
  let quotedCrlfs = 0;
  let record = 0;
  for await (const { record: fields, info } of csvParser(path, {
    ...options,
    info: true,
  }) as AsyncIterable<InfoRecord>) {
    const text = fields.join('');
    quotedCrlfs += text.match(/\r\n/g)?.length ?? 0;
    if (record++ === index) return info.lines - quotedCrlfs - (text.match(/\r\n|\r|\n/g)?.length ?? 0);
  }
  throw new Error(`${path} has no record ${index}`);
}

interface ParserOptions extends ReadOptions {
  /** Records with their line info (for error messages). */
  info?: boolean;
  /** This pass reports the bytes it reads (the pass that stores the rows). */
  counted?: boolean;
}

/** A parser streaming the file's records (BOM, CRLF, quoted line breaks); stopping it closes the file. */
function csvParser(path: string, options: ParserOptions): Parser {
  const { delimiter = ',', info = false, gzip } = options;
  const parser = parse({ bom: true, skip_empty_lines: true, info, delimiter });
  const source = openSource(path, { gzip, onBytesRead: options.counted ? options.onBytesRead : undefined });
  // Errors reach the reader through the parser.
  pipeline(source, parser).catch(() => undefined);
  return parser;
}

/** A CSV syntax error as a ValidationError naming the line; any other error as it is. */
function csvError(path: string, error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const problem = error.message.replace(/,? (?:at|on) line \d+/, '');
  return new ValidationError(`${path}: line ${error.lines}: ${problem}`, { cause: error });
}
