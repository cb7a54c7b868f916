import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { InputFile } from '../datasets/io/formats.js';
import { FILE_FORMATS, type FileFormat, formatOfPath } from '../datasets/io/formats.js';
import { IntegrityError, ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import type { Metadata } from '../store/metadata.js';
import { exportFormatFor, importFormatFor, type TableInputFlags, tableInputFor } from './dataset-formats.js';
import { copyInto, withSpooledFile, writeFileAtomically } from './local-files.js';
import { createProgress, progressTerminal } from './progress.js';
import { objectLabel, putSummary } from './render.js';
import type { CliSession } from './session.js';
import { requireMetadata } from './store-commands.js';

interface PutFlags extends TableInputFlags {
  replace?: boolean;
}

interface GetFlags {
  format?: string;
}

/** Adds `om datasets put` and `om datasets get`: datasets from and to local files. */
export function addDatasetTransfer(datasets: Command, session: CliSession): void {
  datasets
    .command('put')
    .description(
      'store a local file as a dataset: .csv, .tsv, .jsonl and .parquet (and .csv.gz, .tsv.gz, .jsonl.gz) as a table (appended to an existing one), .json as a JSON value, any other file (or - for stdin) as bytes',
    )
    .argument('<file>', 'the file to store, or - for stdin')
    .argument('<name>', 'the dataset name')
    .option('--replace', 'replace the existing dataset instead of appending to or updating it')
    .option('--format <format>', 'csv, jsonl or parquet: read the file (or stdin, -) as a table of this format')
    .option('--delimiter <char>', 'CSV: the field separator (one character; tab or \\t for a tab)')
    .action((file: string, name: string, flags: PutFlags) =>
      session.withOmega(async (om) => {
        const input = tableInputFor(file, flags);
        const meta = input
          ? await importTable(session, om, file, name, input, flags)
          : await putObject(session, om, file, name, flags);
        session.print(meta, (stored) => [putSummary(stored)]);
      }),
    );

  datasets
    .command('get')
    .description(
      'write a dataset to a local file, or - for stdout: a table as .csv, .jsonl or .parquet (by extension; csv on stdout unless --format), json as JSON text (to .csv or .jsonl when it is a list of flat objects), file as its bytes',
    )
    .argument('<name>', 'the dataset name')
    .argument('<file>', 'the file to write, or - for stdout')
    .option('--format <format>', 'csv, jsonl or parquet: the format of a table written to stdout')
    .action((name: string, file: string, flags: GetFlags) =>
      session.withOmega(async (om) => {
        const meta = await requireMetadata(om.datasets, name);
        if (meta.kind === 'table') await exportTable(session, om, name, file, flags, Number(meta.kindMeta.rows));
        else await writeObject(session, om, meta.kind, name, file);
        if (file !== '-') session.print(meta, () => [`wrote ${objectLabel(om.datasets, name)} to ${file}`]);
      }),
    );
}

async function importTable(
  session: CliSession,
  om: Omega,
  file: string,
  name: string,
  input: InputFile,
  flags: PutFlags,
): Promise<Metadata> {
  if (file === '-') {
    // Spooled to a file: the readers read it more than once (types, then rows). Errors say stdin.
    return withSpooledFile(session.io.stdin, `stdin.${input.format}`, (path) =>
      importTable(session, om, path, name, input, flags).catch((error: unknown) => {
        throw error instanceof ValidationError ? new ValidationError(error.message.replaceAll(path, 'stdin')) : error;
      }),
    );
  }
  const terminal = progressTerminal(session.io);
  const size = terminal ? (await stat(file).catch(() => undefined))?.size : undefined;
  const progress = createProgress(terminal, `${name}: read`, size, 'bytes');
  try {
    return await om.datasets.importFile(file, name, { ...input, replace: flags.replace, onBytesRead: progress.tick });
  } finally {
    progress.done();
  }
}

async function putObject(session: CliSession, om: Omega, file: string, name: string, flags: PutFlags) {
  const { stdin } = session.io;
  const input = await importFormatFor(file, stdin)(file);
  try {
    return await om.datasets.put(input.value, name, { kind: input.kind, replace: flags.replace });
  } finally {
    if (input.value instanceof Readable && input.value !== stdin) input.value.destroy();
  }
}

async function exportTable(
  session: CliSession,
  om: Omega,
  name: string,
  file: string,
  flags: GetFlags,
  rows: number,
): Promise<void> {
  const format = flags.format ?? (file === '-' ? 'csv' : formatOfPath(file));
  if (!format || !FILE_FORMATS.includes(format as FileFormat)) {
    throw new ValidationError(
      `${objectLabel(om.datasets, name)} is a table: write it to a .csv, .jsonl or .parquet file, or - with --format`,
    );
  }
  const progress = session.progress(`${name}: rows written`, rows);
  try {
    const target = file === '-' ? session.io.stdout : file;
    await om.datasets.exportFile(name, target, { format: format as FileFormat, onProgress: progress.tick });
  } finally {
    progress.done();
  }
}

async function writeObject(session: CliSession, om: Omega, kind: string, name: string, file: string): Promise<void> {
  const source = await exportFormatFor(kind)(om.datasets, name, file);
  try {
    if (file === '-') await copyInto(session.io.stdout, source);
    else await writeFileAtomically(file, source);
  } catch (error) {
    // Streams fail at their end when the stored bytes do not match their hash; name the object.
    if (!(error instanceof IntegrityError)) throw error;
    const unwritten = file === '-' ? 'the output is incomplete' : `${file} was not written`;
    throw new IntegrityError(`${objectLabel(om.datasets, name)} cannot be read: ${error.message}; ${unwritten}`, {
      cause: error,
    });
  }
}
