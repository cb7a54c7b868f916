import type { Command } from 'commander';
import { NotFoundError } from '../errors.js';
import type { Omega } from '../omega.js';
import type { Metadata } from '../store/metadata.js';
import type { Store } from '../store/store.js';
import { addAttributesCommand } from './attribute-commands.js';
import { alignColumns, count, type ListedObject, metadataLines, metadataTable, objectLabel, sizeOf } from './render.js';
import type { CliSession } from './session.js';

export const STORE_NAMES = ['datasets', 'models', 'scripts', 'jobs'] as const;
export type StoreName = (typeof STORE_NAMES)[number];

interface ListFlags {
  raw?: boolean;
  regexp?: string;
  kind?: string;
  hidden?: boolean;
  temp?: boolean;
}

interface DropFlags {
  force?: boolean;
}

/** Adds `om <store>` with the commands every store has: list, drop, metadata. */
export function addStoreGroup(program: Command, storeName: StoreName, session: CliSession): Command {
  const group = program.command(storeName).description(`work with the ${storeName} store`);
  const withStore = <T>(work: (store: Store) => Promise<T>): Promise<T> =>
    session.withOmega((om: Omega) => work(om[storeName]));

  group
    .command('list')
    .description(`list the names of ${storeName}, sorted`)
    .argument('[pattern]', "names to list; '*' matches any characters, '/' included")
    .option('--raw', 'list metadata instead of names')
    .option('--regexp <regexp>', 'a regular expression searched in the name (instead of the pattern)')
    .option('--kind <kind>', 'only objects of this kind')
    .option('--hidden', "include names starting with '.'")
    .option('--temp', "include names starting with '_'")
    .action((pattern: string | undefined, flags: ListFlags) =>
      withStore(async (store) => {
        const filter = { regexp: flags.regexp, kind: flags.kind, hidden: flags.hidden, includeTemp: flags.temp };
        if (!flags.raw) return session.print(await store.list(pattern, filter), (names) => names);
        const metas = await store.list(pattern, { ...filter, raw: true });
        // --json prints the metadata as it is; the table's sizes cost a query per model.
        const table = session.options.json ? [] : metadataTable(await listedObjects(store, storeName, metas));
        session.print(metas, () => table);
      }),
    );

  group
    .command('drop')
    .description('drop an object')
    .argument('<name>', 'the object to drop')
    .option('--force', 'a missing object is not an error')
    .action((name: string, flags: DropFlags) =>
      withStore(async (store) => {
        const dropped = await store.drop(name, { force: flags.force });
        session.print(dropped, () => [
          dropped ? `dropped ${objectLabel(store, name)}` : `${objectLabel(store, name)} does not exist`,
        ]);
      }),
    );

  group
    .command('metadata')
    .description("print an object's metadata")
    .argument('<name>', 'the object')
    .action((name: string) =>
      withStore(async (store) => {
        session.print(await requireMetadata(store, name), metadataLines);
      }),
    );

  addAttributesCommand(group, session, withStore);
  return group;
}

/** Adds `om models|scripts revisions`: the versions of an object, oldest first, with their tags. */
export function addRevisionsCommand(group: Command, storeName: 'models' | 'scripts', session: CliSession): void {
  group
    .command('revisions')
    .description(`list the versions of one of the ${storeName}, oldest first, with their tags`)
    .argument('<name>', 'the object')
    .action((name: string) =>
      session.withOmega(async (om) => {
        const revisions = await om[storeName].revisions(name);
        session.print(revisions, (list) =>
          alignColumns(list.map((r) => [r.version.slice(0, 12), r.created.toISOString(), r.tags.join(',')])),
        );
      }),
    );
}

/** The objects of `list --raw` with their sizes: a model's is its number of versions. */
async function listedObjects(store: Store, storeName: StoreName, metas: Metadata[]): Promise<ListedObject[]> {
  const objects: ListedObject[] = [];
  for (const meta of metas) {
    const size = storeName === 'models' ? count((await store.revisions(meta.name)).length, 'version') : sizeOf(meta);
    objects.push({ meta, size });
  }
  return objects;
}

/** The object's metadata; a missing object is a NotFoundError. */
export async function requireMetadata(store: Store, name: string): Promise<Metadata> {
  const meta = await store.metadata(name);
  if (!meta) throw new NotFoundError(`${objectLabel(store, name)} does not exist in context ${store.context}`);
  return meta;
}
