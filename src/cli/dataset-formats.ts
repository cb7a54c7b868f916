import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { type FlatRecords, type FlatValue, flatRecordsOf } from '../datasets/io/flat-records.js';
import { FILE_FORMATS, type FileFormat, formatOfPath, type InputFile, inputOfPath } from '../datasets/io/formats.js';
import { quote } from '../datasets/io/write-csv.js';
import { ValidationError } from '../errors.js';
import type { Store } from '../store/store.js';
import { openInputStream, readInputText } from './local-files.js';

/** What `om datasets put` stores for an input file: the object, and the kind to force. */
export interface DatasetInput {
  value: unknown;
  /** Forced backend kind; undefined lets the store choose. */
  kind?: string;
}

/** Reads an input file into the object to store. */
export type ImportFormat = (path: string) => Promise<DatasetInput>;

/** Renders a stored dataset as the bytes of an output file (`target` is its path, or `-`). */
export type ExportFormat = (store: Store, name: string, target: string) => Promise<Readable>;

const importJson: ImportFormat = async (path) => {
  const text = await readInputText(path);
  try {
    return { value: JSON.parse(text) as unknown, kind: 'json' };
  } catch (error) {
    throw new ValidationError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
};

const importBytes: ImportFormat = async (path) => ({ value: await openInputStream(path), kind: 'file' });

/** Input formats by file extension (lower case); any other file is stored as bytes. */
const IMPORT_FORMATS: Readonly<Record<string, ImportFormat>> = {
  '.json': importJson,
};

/** A json dataset as JSON text; to a .csv (or .jsonl) file as a table when it is a list of flat objects. */
const exportJson: ExportFormat = async (store, name, target) => {
  const value = await store.get(name);
  const table = target === '-' ? null : formatOfPath(target);
  if (!table) return Readable.from([`${JSON.stringify(value, null, 2)}\n`]);
  const records = flatRecordsOf(value);
  if ('reason' in records || table === 'parquet') {
    const why = 'reason' in records ? records.reason : 'Parquet files are written from table datasets only';
    throw new ValidationError(
      `${store.prefix}${name} is a json dataset and cannot be written to ${target} as ${table}: ${why} (write it to a .json file)`,
    );
  }
  return Readable.from(table === 'csv' ? csvLines(records) : jsonLines(records));
};

function* csvLines({ keys, rows }: FlatRecords): Generator<string> {
  yield `${keys.map(quote).join(',')}\n`;
  const field = (value: FlatValue | undefined) =>
    value === null || value === undefined ? '' : typeof value === 'string' ? quote(value) : String(value);
  // A one-column row of null would be a blank line, which readers skip: quote it ("").
  for (const row of rows) yield `${keys.map((key) => field(row[key]) || (keys.length === 1 ? '""' : '')).join(',')}\n`;
}

function* jsonLines({ rows }: FlatRecords): Generator<string> {
  for (const row of rows) yield `${JSON.stringify(row)}\n`;
}

const exportBytes: ExportFormat = async (store, name) => {
  const stream = await store.get(name, { as: 'stream' });
  if (!(stream instanceof Readable)) throw new Error(`the file backend returned no stream for ${name}`);
  return stream;
};

/** Output formats by the stored object's kind (tables are exported by the dataset store). */
const EXPORT_FORMATS: Readonly<Record<string, ExportFormat>> = {
  json: exportJson,
  file: exportBytes,
};

/** How to read `path` for `om datasets put`; `-` is `stdin`, read as bytes. */
export function importFormatFor(path: string, stdin: Readable): ImportFormat {
  if (path === '-') return async () => ({ value: stdin, kind: 'file' });
  const extension = extname(path).toLowerCase();
  return Object.hasOwn(IMPORT_FORMATS, extension) ? (IMPORT_FORMATS[extension] ?? importBytes) : importBytes;
}

/** How to write a dataset of `kind` for `om datasets get`. */
export function exportFormatFor(kind: string): ExportFormat {
  const format = Object.hasOwn(EXPORT_FORMATS, kind) ? EXPORT_FORMATS[kind] : undefined;
  if (!format) {
    const known = Object.keys(EXPORT_FORMATS).join(', ');
    throw new ValidationError(`om datasets get cannot export a dataset of kind ${kind} (it can export: ${known})`);
  }
  return format;
}

/** `om datasets put`'s options that say how to read a table. */
export interface TableInputFlags {
  format?: string;
  delimiter?: string;
}

/**
 * How `om datasets put` reads `file` as a table, or null when it stores it as an object: by its
 * name (`.csv`, `.tsv`, `.jsonl`, `.parquet`, `.gz`), or by --format (required to read stdin, `-`,
 * as a table; without it stdin is stored as bytes).
 */
export function tableInputFor(file: string, flags: TableInputFlags): InputFile | null {
  const delimiter = flags.delimiter === undefined ? undefined : delimiterOf(flags.delimiter);
  const byName = file === '-' ? null : inputOfPath(file);
  const format = flags.format === undefined ? byName?.format : checkedFormat(flags.format);
  if (!format) {
    if (delimiter === undefined) return null;
    throw new ValidationError(
      file === '-'
        ? '--delimiter reads stdin as CSV: give --format csv too (without --format, stdin is stored as bytes)'
        : `--delimiter applies to CSV input, and ${file} is not a .csv or .tsv file: give --format csv too`,
    );
  }
  if (delimiter !== undefined && format !== 'csv') {
    throw new ValidationError(`--delimiter applies to CSV input, not ${format}`);
  }
  const gzip = byName?.gzip ?? (file !== '-' && file.toLowerCase().endsWith('.gz'));
  const csvDelimiter = format === 'csv' ? (delimiter ?? byName?.delimiter) : undefined;
  return csvDelimiter === undefined ? { format, gzip } : { format, gzip, delimiter: csvDelimiter };
}

function checkedFormat(format: string): FileFormat {
  if ((FILE_FORMATS as readonly string[]).includes(format)) return format as FileFormat;
  throw new ValidationError(`--format must be one of ${FILE_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
}

/** The --delimiter text as a character: `\t` and `tab` are a tab (hard to type in a shell). */
function delimiterOf(text: string): string {
  const delimiter = text === '\\t' || text === 'tab' ? '\t' : text;
  if ([...delimiter].length !== 1) {
    throw new ValidationError(`--delimiter must be one character (or tab), got ${JSON.stringify(text)}`);
  }
  return delimiter;
}
