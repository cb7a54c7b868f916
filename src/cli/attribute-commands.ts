import type { Command } from 'commander';
import { NotFoundError, ValidationError } from '../errors.js';
import { checkAttributePath, deepMerge, nestedAt } from '../store/attribute-update.js';
import type { Metadata } from '../store/metadata.js';
import type { Store } from '../store/store.js';
import { keyValues } from './cli-values.js';
import { objectLabel } from './render.js';
import type { CliSession } from './session.js';

type Attributes = Record<string, unknown>;

interface AttributeFlags {
  json?: string;
}

/**
 * Adds `om <store> attributes <name> [set k=v… | unset k… | --json '{…}']`: prints the
 * attributes, or changes them (and nothing else: a model keeps its version). Keys are dot paths.
 */
export function addAttributesCommand(
  group: Command,
  session: CliSession,
  withStore: (work: (store: Store) => Promise<void>) => Promise<void>,
): void {
  group
    .command('attributes')
    .description(
      "print an object's attributes, or change them: set k=v… (dot paths: require.label=gpu), unset k…, --json '{…}'",
    )
    .argument('<name>', 'the object')
    .argument('[action]', 'set or unset')
    .argument('[items...]', 'set: key=value pairs, values as --param takes them; unset: keys')
    .option('--json <object>', 'a JSON object merged into the attributes (objects key by key)')
    .action((name: string, action: string | undefined, items: string[], flags: AttributeFlags) =>
      withStore(async (store) => {
        const change = attributeChange(action, items, flags.json);
        const meta = change
          ? await store.setAttributes(name, change.patch, { unset: change.unset })
          : await existing(store, name);
        session.print(meta.attributes, (attributes) => attributeLines(store, name, attributes));
      }),
    );
}

async function existing(store: Store, name: string): Promise<Metadata> {
  const meta = await store.metadata(name);
  if (!meta) throw new NotFoundError(`${objectLabel(store, name)} does not exist in context ${store.context}`);
  return meta;
}

/** What the command line asks to change; undefined: print only. */
function attributeChange(
  action: string | undefined,
  items: readonly string[],
  json: string | undefined,
): { patch: Attributes; unset: string[] } | undefined {
  if (action !== undefined && action !== 'set' && action !== 'unset') {
    throw new ValidationError(`unknown attributes action ${JSON.stringify(action)}: give set k=v… or unset k…`);
  }
  if (action !== undefined && items.length === 0 && !(action === 'set' && json !== undefined)) {
    throw new ValidationError(
      action === 'set' ? 'set needs key=value pairs (or --json)' : 'unset needs the keys to remove',
    );
  }
  if (action === undefined && json === undefined) return undefined;
  const base = json === undefined ? {} : jsonObject(json);
  if (action === 'unset') return { patch: base, unset: items.map(checked) };
  const pairs = items.map((pair) => {
    // Checked before keyValues, which would take `__proto__=…` as a prototype, not a key.
    if (pair.indexOf('=') > 0) checked(pair.slice(0, pair.indexOf('=')));
    return Object.entries(keyValues([pair], 'set'))[0] as [string, unknown];
  });
  return { patch: pairs.reduce((patch, [path, value]) => deepMerge(patch, nestedAt(path, value)), base), unset: [] };
}

function checked(path: string): string {
  checkAttributePath(path);
  return path;
}

function jsonObject(text: string): Attributes {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`--json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(`--json must be a JSON object ({…}), not ${JSON.stringify(value)}`);
  }
  return value as Attributes;
}

/** `path=value` per leaf, as `set` reads them back; strings bare unless they would read as JSON. */
function attributeLines(store: Store, name: string, attributes: Attributes): string[] {
  const lines = leaves(attributes, '');
  return lines.length > 0 ? lines : [`${objectLabel(store, name)} has no attributes`];
}

function leaves(value: Attributes, prefix: string): string[] {
  return Object.entries(value).flatMap(([key, item]) => {
    const path = `${prefix}${key}`;
    const nested = typeof item === 'object' && item !== null && !Array.isArray(item) && Object.keys(item).length > 0;
    return nested ? leaves(item as Attributes, `${path}.`) : [`${path}=${valueText(item)}`];
  });
}

function valueText(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  try {
    JSON.parse(value);
    return JSON.stringify(value);
  } catch {
    return value;
  }
}
