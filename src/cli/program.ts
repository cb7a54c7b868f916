import { readFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { Command } from 'commander';
import { addGcCommand } from './archive-commands.js';
import { addAuditCommand } from './audit-command.js';
import { addBucketsCommand } from './buckets-command.js';
import { addContextsCommand } from './contexts-command.js';
import { addDatasetTransfer } from './dataset-transfer.js';
import { reportFailure } from './failure.js';
import { addGlobalOptions, GLOBAL_OPTIONS_HELP, repeatGlobalOptions } from './global-options.js';
import type { CliIo } from './io.js';
import { addJobCommands } from './job-commands.js';
import { addKeysCommand } from './keys-command.js';
import { addLineageCommand } from './lineage-command.js';
import { addModelCommands } from './model-commands.js';
import { addPromotionCommands, addRollbackCommand } from './promotion-commands.js';
import { addRuntimeCommands } from './runtime-commands.js';
import { addScheduleCommand } from './schedule-commands.js';
import { addSchedulerCommand } from './scheduler-command.js';
import { addScriptCommands } from './script-commands.js';
import { addServeCommand } from './serve-command.js';
import { CliSession } from './session.js';
import { addRevisionsCommand, addStoreGroup, STORE_NAMES } from './store-commands.js';
import { addWorkerCommand } from './worker-command.js';

/**
 * Runs `om <args>` (the arguments after `om`) on `io` and returns its exit code (API.md §8). It
 * never exits the process: main.ts does that, and tests run it in-process.
 */
export async function runOm(args: readonly string[], io: CliIo): Promise<number> {
  const session = createProgram(io);
  const program = session.program;
  try {
    await program.parseAsync([...args], { from: 'user' });
    return session.exitCode;
  } catch (error) {
    const { json, debug } = session.options;
    return reportFailure(error, { json: json === true, debug: debug === true }, io.stderr);
  }
}

/** The `om` command line on `io`, with the session its commands share. Errors are thrown, not exited on. */
export function createProgram(io: CliIo): CliSession {
  const program = addGlobalOptions(
    new Command('om')
      .description('omegats: datasets, models, scripts and jobs across contexts and buckets')
      .version(packageVersion())
      // The root's options end at the command name, so that commands may have their own options of
      // the same names (om worker --context); repeatGlobalOptions lets the others take them after it.
      .enablePositionalOptions(),
  )
    .exitOverride()
    .configureHelp(GLOBAL_OPTIONS_HELP)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // Usage errors are printed by reportFailure, as text or as JSON.
      outputError: () => undefined,
      getOutHelpWidth: () => helpWidth(io.stdout, io.isTTY.stdout),
      getErrHelpWidth: () => helpWidth(io.stderr, io.isTTY.stderr),
    });

  // Subcommands inherit exitOverride and the output configuration when created by .command().
  const session = new CliSession(program, io);
  for (const storeName of STORE_NAMES) {
    const group = addStoreGroup(program, storeName, session);
    if (storeName === 'datasets') addDatasetTransfer(group, session);
    addPromotionCommands(group, storeName, session);
    if (storeName === 'models') {
      addModelCommands(group, session);
      addRollbackCommand(group, session);
    }
    if (storeName === 'scripts') addScriptCommands(group, session);
    if (storeName === 'jobs') addJobCommands(group, session);
    if (storeName === 'models' || storeName === 'scripts') addRevisionsCommand(group, storeName, session);
    if (storeName === 'jobs' || storeName === 'scripts') addScheduleCommand(group, storeName, session);
  }
  addRuntimeCommands(program, session);
  addWorkerCommand(program, session);
  addSchedulerCommand(program, session);
  addServeCommand(program, session);
  addBucketsCommand(program, session);
  addContextsCommand(program, session);
  addKeysCommand(program, session);
  addAuditCommand(program, session);
  addGcCommand(program, session);
  addLineageCommand(program, session);
  repeatGlobalOptions(program);
  return session;
}

/** A terminal's width; 80 columns elsewhere (commander's default). */
function helpWidth(stream: Writable, isTTY: boolean): number {
  const columns = isTTY ? (stream as Writable & { columns?: number }).columns : undefined;
  return columns ?? 80;
}

function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}
