import { Readable } from 'node:stream';
import type { Command } from 'commander';
import { IntegrityError } from '../errors.js';
import { exportFormatFor, importFormatFor } from './dataset-formats.js';
import { copyInto, writeFileAtomically } from './local-files.js';
import { objectLabel, putSummary } from './render.js';
import type { CliSession } from './session.js';
import { requireMetadata } from './store-commands.js';

interface PutFlags {
  replace?: boolean;
}

/** Adds `om datasets put` and `om datasets get`: datasets from and to local files. */
export function addDatasetTransfer(datasets: Command, session: CliSession): void {
  datasets
    .command('put')
    .description('store a local file as a dataset: .json as a JSON value, any other file (or - for stdin) as bytes')
    .argument('<file>', 'the file to store, or - for stdin')
    .argument('<name>', 'the dataset name')
    .option('--replace', 'replace the existing dataset instead of updating it')
    .action((file: string, name: string, flags: PutFlags) =>
      session.withOmega(async (om) => {
        const input = await importFormatFor(file)(file);
        try {
          const meta = await om.datasets.put(input.value, name, { kind: input.kind, replace: flags.replace });
          session.print(meta, (stored) => [putSummary(stored)]);
        } finally {
          if (input.value instanceof Readable && input.value !== process.stdin) input.value.destroy();
        }
      }),
    );

  datasets
    .command('get')
    .description('write a dataset to a local file, or - for stdout: json as JSON text, file as its bytes')
    .argument('<name>', 'the dataset name')
    .argument('<file>', 'the file to write, or - for stdout')
    .action((name: string, file: string) =>
      session.withOmega(async (om) => {
        const meta = await requireMetadata(om.datasets, name);
        const source = await exportFormatFor(meta.kind)(om.datasets, name, file);
        try {
          if (file === '-') await copyInto(process.stdout, source);
          else await writeFileAtomically(file, source);
        } catch (error) {
          // Streams fail at their end when the stored bytes do not match their hash; name the object.
          if (!(error instanceof IntegrityError)) throw error;
          const unwritten = file === '-' ? 'the output is incomplete' : `${file} was not written`;
          throw new IntegrityError(`${objectLabel(om.datasets, name)} cannot be read: ${error.message}; ${unwritten}`, {
            cause: error,
          });
        }
        if (file !== '-') session.print(meta, () => [`wrote ${objectLabel(om.datasets, name)} to ${file}`]);
      }),
    );
}
