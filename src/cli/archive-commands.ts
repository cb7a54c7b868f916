import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { CliSession } from './session.js';

interface ExportFlags {
  archive?: string;
}

interface ImportFlags {
  replace?: boolean;
}

interface GcFlags {
  dryRun?: boolean;
  grace?: string;
}

/**
 * Adds `om runtime export <store/pattern>… --archive F` and `om runtime import F [--replace]`
 * (API.md §14); the archive code (tar, Parquet) is loaded by the action, not at startup.
 */
export function addArchiveCommands(group: Command, session: CliSession): void {
  group
    .command('export')
    .description('write objects (every version; name@tag for one) into a .tgz archive')
    .argument('<selectors...>', 'store/name or store/pattern: models/iris, models/iris@v2, datasets/sales*')
    .requiredOption('--archive <file>', 'the archive to write, e.g. out.omega.tgz')
    .action((selectors: string[], flags: ExportFlags) =>
      session.withOmega(async (om) => {
        const summary = await om.toArchive(selectors, flags.archive as string);
        session.print(summary, (s) => [
          ...s.members,
          `exported ${s.members.length} object(s), ${s.versions} version(s), ${s.bytes} bytes to ${s.path}`,
        ]);
      }),
    );

  group
    .command('import')
    .description('import every object of an archive into this bucket: all checked first, then all or nothing')
    .argument('<archive>', 'the .tgz archive')
    .option('--replace', 'replace objects that exist (else the import is refused)')
    .action((archive: string, flags: ImportFlags) =>
      session.withOmega(async (om) => {
        const result = await om.fromArchive(archive, { replace: flags.replace === true });
        session.print(result, (r) => [
          ...r.members.map((name) => (r.replaced.includes(name) ? `${name} (replaced)` : name)),
          `imported ${r.members.length} object(s) into bucket ${om.bucketName} of context ${om.context}`,
        ]);
      }),
    );
}

/** Adds `om gc [--dry-run] [--grace S]`: removes blobs and partial uploads that nothing references. */
export function addGcCommand(program: Command, session: CliSession): void {
  program
    .command('gc')
    .description('remove blobs and partial uploads that no object references (every bucket of the context)')
    .option('--dry-run', 'report what would be removed, remove nothing')
    .option('--grace <seconds>', 'keep what was written this recently before gc started (default 600)')
    .action((flags: GcFlags) =>
      session.withOmega(async (om) => {
        const report = await om.gc({ dryRun: flags.dryRun === true, graceSeconds: graceOf(flags.grace) });
        session.print(report, (r) => [
          `${r.dryRun ? 'would free' : 'freed'} ${r.freedBytes} bytes: ${r.blobs} blob(s), ${r.staged} partial upload(s)`,
        ]);
      }),
    );
}

function graceOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) {
    throw new ValidationError(`--grace must be a number of seconds >= 0, got ${JSON.stringify(value)}`);
  }
  return seconds;
}
