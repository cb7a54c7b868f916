import type { Command } from 'commander';
import type { DroppedContext } from '../config/context-admin.js';
import type { ContextSummary } from '../config/contexts.js';
import { alignColumns } from './render.js';
import type { CliSession } from './session.js';

/** Adds `om contexts [list]`, `om contexts create <name>` and `om contexts drop <name> --force`. */
export function addContextsCommand(program: Command, session: CliSession): void {
  const contexts = program
    .command('contexts')
    .description('list, create and drop contexts (`om contexts` lists them; * marks the current one)');

  contexts
    .command('list', { isDefault: true })
    .description("the config file's contexts, the embedded ones and default (* marks the current one)")
    .action(async () => {
      const { listContexts } = await import('../config/contexts.js');
      session.print(listContexts({}, session.options.context, session.io.env), contextTable);
    });

  contexts
    .command('create')
    .description('create a context: write its config entry and its store (embedded without --store)')
    .argument('<name>', 'the new context')
    .option('--store <url>', 'sqlite:<path> (relative to OMEGA_HOME) or postgres://… (default: embedded)')
    .option('--broker <url>', 'redis://… (default: the local runtime)')
    .action(async (name: string, flags: { store?: string; broker?: string }) => {
      const { addContext, forgetContext } = await import('../config/context-admin.js');
      const { listContexts } = await import('../config/contexts.js');
      const { openContext } = await import('../setup.js');
      const spec = addContext({}, name, flags, session.io.env);
      try {
        // Opening once creates the store and its schema (an embedded folder, a PostgreSQL database).
        await (await openContext(spec)).close();
      } catch (error) {
        forgetContext({}, name, session.io.env);
        throw error;
      }
      const created = listContexts({}, session.options.context, session.io.env).find((c) => c.name === name);
      session.print(created, (c) => [`created context ${name}: store ${c?.store}, broker ${c?.broker}`]);
    });

  contexts
    .command('drop')
    .description('drop a context: an embedded one loses its folder and config entry, any other its config entry only')
    .argument('<name>', 'the context')
    .option('--force', 'really drop it')
    .action(async (name: string, flags: { force?: boolean }) => {
      const { dropContext } = await import('../config/context-admin.js');
      session.print(dropContext({}, name, flags.force === true, session.io.env), droppedLines);
    });
}

function contextTable(contexts: ContextSummary[]): string[] {
  const header = ['', 'NAME', 'ORIGIN', 'STORE', 'BROKER'];
  const rows = contexts.map((c) => [c.current ? '*' : '', c.name, c.origin, c.store, c.broker]);
  return alignColumns([header, ...rows]);
}

function droppedLines(dropped: DroppedContext): string[] {
  const lines = [`dropped context ${dropped.name}`];
  if (dropped.folderRemoved) lines.push(`  deleted ${dropped.folderRemoved}`);
  if (dropped.configEntryRemovedFrom) lines.push(`  removed its entry from ${dropped.configEntryRemovedFrom}`);
  if (dropped.storeKept)
    lines.push(`  its store ${dropped.storeKept} was kept: delete it there if you no longer need it`);
  return lines;
}
