import type { Command } from 'commander';
import { count, putSummary } from './render.js';
import type { CliSession } from './session.js';

interface PutFlags {
  tag?: string;
}

/** Adds `om scripts put|revisions`: scripts from local files or folders, and their versions. */
export function addScriptCommands(scripts: Command, session: CliSession): void {
  scripts
    .command('put')
    .description('store a script as a new version: a .js, .mjs, .ts or .mts file, or a folder with package.json')
    .argument('<path>', 'the script file or folder')
    .argument('<name>', 'the script name')
    .option('--tag <tag>', 'a tag to move to the new version')
    .action((path: string, name: string, flags: PutFlags) =>
      session.withOmega(async (om) => {
        const meta = await om.scripts.put(path, name, { tag: flags.tag });
        session.print(meta, (stored) => [
          `${putSummary(stored)}, ${count(Number(stored.kindMeta.files), 'file')}, entry ${stored.kindMeta.entry}, version ${String(stored.kindMeta.version).slice(0, 12)}`,
        ]);
      }),
    );
}
