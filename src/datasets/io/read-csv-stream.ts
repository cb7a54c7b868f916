import { pipeline } from 'node:stream/promises';
import { CsvError, type Info, parse } from 'csv-parse';
import { ValidationError } from '../../errors.js';
import { type Column, type Row, RowChunks } from '../types.js';
import { INVALID } from '../values/fit-value.js';
import { inferTextType, parseText } from '../values/text-cells.js';
import { checkColumnNames, invalidValue, matchColumns } from './columns.js';
import type { StreamReadOptions } from './stream-read-options.js';

interface InfoRecord {
  record: string[];
  info: Info;
}

/**
 * The rows of CSV bytes read once, as they arrive (a request body): the first line names the
 * columns, whose types are `options.columns`' or inferred from the first chunk (held until then).
 * Empty fields are null; blank lines are skipped. Bad input is a ValidationError naming
 * `options.source` and the line; the bytes failing (a cut-off upload) fails the iteration.
 * Stopping early returns the bytes' iterator (a request body is left to its owner).
 */
export async function readCsvStream(bytes: AsyncIterable<Buffer>, options: StreamReadOptions): Promise<RowChunks> {
  const { source, chunkSize } = options;
  const parser = parse({ bom: true, skip_empty_lines: true, info: true, delimiter: options.delimiter ?? ',' });
  // Errors of the bytes reach the reader through the parser; stopping it returns their iterator.
  pipeline(bytes, parser).catch(() => undefined);
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<InfoRecord>;
  try {
    const head = await records.next();
    if (head.done) throw new ValidationError(`${source} is empty: CSV starts with a header line`);
    const header = head.value.record;
    checkColumnNames(`${source}: line 1`, header);
    const first: InfoRecord[] = [];
    for (let step = await records.next(); !step.done; step = await records.next()) {
      first.push(step.value);
      if (first.length === chunkSize) break;
    }
    const columns = options.columns
      ? matchColumns(source, header, options.columns)
      : header.map((name, index) => ({ name, type: inferTextType(first.map(({ record }) => record[index] ?? '')) }));
    return new RowChunks(csvChunks(first, records, columns, options, parser), options.columns ?? columns);
  } catch (error) {
    parser.destroy();
    throw csvError(source, error);
  }
}

async function* csvChunks(
  first: readonly InfoRecord[],
  rest: AsyncIterator<InfoRecord>,
  columns: readonly Column[],
  { source, chunkSize }: StreamReadOptions,
  parser: { destroy(): void },
): AsyncGenerator<Row[]> {
  try {
    if (first.length > 0) yield first.map((record) => typedRow(record, columns, source));
    if (first.length < chunkSize) return;
    let chunk: Row[] = [];
    for (let step = await rest.next(); !step.done; step = await rest.next()) {
      chunk.push(typedRow(step.value, columns, source));
      if (chunk.length === chunkSize) {
        yield chunk;
        chunk = [];
      }
    }
    if (chunk.length > 0) yield chunk;
  } catch (error) {
    throw csvError(source, error);
  } finally {
    parser.destroy();
  }
}

function typedRow({ record, info }: InfoRecord, columns: readonly Column[], source: string): Row {
  const row: Row = {};
  for (let field = 0; field < columns.length; field++) {
    const column = columns[field] as Column;
    const text = record[field] ?? '';
    const value = text === '' ? null : parseText(column.type, text);
    if (value === INVALID) throw invalidValue(`${source}: line ${lineOf(record, info)}`, column, text);
    row[column.name] = value;
  }
  return row;
}

/** The line a record starts on: csv-parse counts the lines read up to its end. */
function lineOf(record: readonly string[], info: Info): number {
  return info.lines - (record.join('').match(/\r\n|\r|\n/g)?.length ?? 0);
}

/** A CSV syntax error as a ValidationError naming the line; any other error as it is. */
function csvError(source: string, error: unknown): unknown {
  if (!(error instanceof CsvError)) return error;
  const problem = error.message.replace(/,? (?:at|on) line \d+/, '');
  return new ValidationError(`${source}: line ${error.lines}: ${problem}`, { cause: error });
}
