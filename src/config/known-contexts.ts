import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { NotFoundError } from '../errors.js';
import { nearestName } from '../util/nearest-name.js';
import type { OmegaConfig } from './config-file.js';
import { parseStoreUrl } from './urls.js';

/** The one context created on first use (API.md §1); every other one is created explicitly. */
export const FIRST_USE_CONTEXT = 'default';

/** Where an embedded context keeps its store: OMEGA_HOME/contexts/<name>/omega.db. */
export function embeddedStorePath(home: string, name: string): string {
  return join(embeddedFolder(home, name), 'omega.db');
}

/** The folder of an embedded context: its database and its blobs. */
export function embeddedFolder(home: string, name: string): string {
  return join(home, 'contexts', name);
}

/**
 * Names of the embedded contexts that exist under OMEGA_HOME/contexts/ (none with `embedded:
 * false`). A folder whose database a config entry names as its store belongs to that entry.
 */
export function embeddedOnDisk(config: OmegaConfig): string[] {
  const root = join(config.home, 'contexts');
  if (!config.embedded || !existsSync(root)) return [];
  const claimed = configuredSqlitePaths(config);
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && isUnclaimedOnDisk(config, entry.name, claimed))
    .map((entry) => entry.name);
}

/** Whether the context exists: the config defines it, or its embedded store is on disk. */
export function contextExists(config: OmegaConfig, name: string): boolean {
  if (name in config.contexts) return true;
  return config.embedded && isUnclaimedOnDisk(config, name, configuredSqlitePaths(config));
}

function isUnclaimedOnDisk(config: OmegaConfig, name: string, claimed: ReadonlySet<string>): boolean {
  const path = embeddedStorePath(config.home, name);
  return existsSync(path) && !claimed.has(path);
}

/** The SQLite files the config's entries name as their stores (bad URLs are reported when used). */
function configuredSqlitePaths(config: OmegaConfig): Set<string> {
  const paths = new Set<string>();
  for (const entry of Object.values(config.contexts)) {
    if (entry.store === undefined || !entry.store.startsWith('sqlite:')) continue;
    try {
      const location = parseStoreUrl(entry.store, config.home, 'store');
      if (location.engine === 'sqlite') paths.add(location.path);
    } catch {
      // Not a usable path, so it claims nothing.
    }
  }
  return paths;
}

/** Whether `setup()` may open the context: it exists, or it is `default` (created on first use). */
export function isKnownContext(config: OmegaConfig, name: string): boolean {
  return contextExists(config, name) || (name === FIRST_USE_CONTEXT && config.embedded);
}

/** Every name `setup()` accepts, sorted: `default`, the config's and the embedded ones on disk. */
export function knownContextNames(config: OmegaConfig): string[] {
  const names = new Set([...Object.keys(config.contexts), ...embeddedOnDisk(config)]);
  if (config.embedded) names.add(FIRST_USE_CONTEXT);
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** The error for a context that does not exist: the known ones, the nearest name, how to create it. */
export function unknownContextError(config: OmegaConfig, name: string): NotFoundError {
  const known = knownContextNames(config);
  const nearest = nearestName(name, known);
  const where = config.embedded ? `${config.file} or ${join(config.home, 'contexts')}` : config.file;
  return new NotFoundError(
    `context ${name} does not exist (known: ${known.join(', ') || 'none'})` +
      `${nearest ? `; did you mean ${nearest}?` : '.'}` +
      ` Create it with \`om contexts create ${name}\` or setup({ context: "${name}", create: true });` +
      ` contexts come from ${where}`,
  );
}
