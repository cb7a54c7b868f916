import { extname } from 'node:path';
import { Readable } from 'node:stream';
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

const exportJson: ExportFormat = async (store, name) => {
  const value = await store.get(name);
  return Readable.from([`${JSON.stringify(value, null, 2)}\n`]);
};

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
