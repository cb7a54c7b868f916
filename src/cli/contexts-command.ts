import type { Command } from 'commander';
import type { ContextSummary } from '../config/contexts.js';
import { alignColumns } from './render.js';
import type { CliSession } from './session.js';

/** Adds `om contexts`: the config file's contexts and the embedded ones that exist. */
export function addContextsCommand(program: Command, session: CliSession): void {
  program
    .command('contexts')
    .description("list the contexts: the config file's and the embedded ones (* marks the default)")
    .action(async () => {
      const { listContexts } = await import('../config/contexts.js');
      session.print(listContexts({}, session.io.env), contextTable);
    });
}

function contextTable(contexts: ContextSummary[]): string[] {
  const header = ['', 'NAME', 'ORIGIN', 'STORE', 'BROKER'];
  const rows = contexts.map((c) => [c.isDefault ? '*' : '', c.name, c.origin, c.store, c.broker]);
  return alignColumns([header, ...rows]);
}
