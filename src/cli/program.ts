import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { addBucketsCommand } from './buckets-command.js';
import { addContextsCommand } from './contexts-command.js';
import { addDatasetTransfer } from './dataset-transfer.js';
import { usageErrorLine } from './failure.js';
import { addModelCommands } from './model-commands.js';
import { addPromotionCommands, addRollbackCommand } from './promotion-commands.js';
import { addRuntimeCommands } from './runtime-commands.js';
import { addScriptCommands } from './script-commands.js';
import { CliSession } from './session.js';
import { addRevisionsCommand, addStoreGroup, STORE_NAMES } from './store-commands.js';
import { addWorkerCommand } from './worker-command.js';

/** The `om` command line (API.md §8). Errors are thrown, not exited on: see main.ts. */
export function createProgram(): Command {
  const program = new Command('om')
    .description('omegats: datasets, models, scripts and jobs across contexts and buckets')
    .version(packageVersion())
    // Global options only before the command, so commands may reuse their names (om worker --context).
    .enablePositionalOptions()
    .option('--context <name>', 'the context to work in (default: OMEGA_CONTEXT, the config, or default)')
    .option('--bucket <name>', 'the bucket to work in (default: default)')
    .option('--local', 'run tasks in-process')
    .option('--json', 'print machine-readable JSON')
    .option('--debug', 'print stack traces of errors')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(usageErrorLine(text)) });

  // Subcommands inherit exitOverride and the output configuration when created by .command().
  const session = new CliSession(program);
  for (const storeName of STORE_NAMES) {
    const group = addStoreGroup(program, storeName, session);
    if (storeName === 'datasets') addDatasetTransfer(group, session);
    addPromotionCommands(group, storeName, session);
    if (storeName === 'models') {
      addModelCommands(group, session);
      addRollbackCommand(group, session);
    }
    if (storeName === 'scripts') addScriptCommands(group, session);
    if (storeName === 'models' || storeName === 'scripts') addRevisionsCommand(group, storeName, session);
  }
  addRuntimeCommands(program, session);
  addWorkerCommand(program, session);
  addBucketsCommand(program, session);
  addContextsCommand(program, session);
  return program;
}

function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const version = (manifest as { version?: unknown }).version;
  return typeof version === 'string' ? version : '0.0.0';
}
