import { existsSync, rmSync } from 'node:fs';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import { validateContextName } from '../store/names.js';
import { type ConfigLocation, type ContextEntry, loadConfig } from './config-file.js';
import { removeContextEntry, writeContextEntry } from './config-writer.js';
import { type ContextSpec, resolveContext } from './context-spec.js';
import {
  contextExists,
  embeddedFolder,
  embeddedStorePath,
  FIRST_USE_CONTEXT,
  unknownContextError,
} from './known-contexts.js';
import { parseBrokerUrl, parseStoreUrl, redactUrl } from './urls.js';

export interface NewContext {
  /** A store URL; none makes an embedded context. */
  store?: string;
  /** A broker URL; none (or `local`) is the local runtime. */
  broker?: string;
}

/**
 * Writes the config entry of a new context and returns its spec; the caller opens it once so
 * its store exists, and calls `forgetContext` if that fails. An existing name is a ConflictError.
 */
export function addContext(
  location: ConfigLocation,
  name: string,
  urls: NewContext,
  env: NodeJS.ProcessEnv = process.env,
): ContextSpec {
  const config = loadConfig(location, env);
  validateContextName(name);
  if (contextExists(config, name)) {
    const where = name in config.contexts ? `in ${config.file}` : `at ${embeddedStorePath(config.home, name)}`;
    throw new ConflictError(`context ${name} already exists (${where})`);
  }
  const entry: ContextEntry = {};
  if (urls.store !== undefined) {
    parseStoreUrl(urls.store, config.home, '--store');
    entry.store = urls.store;
  }
  if (urls.broker !== undefined) {
    parseBrokerUrl(urls.broker, '--broker');
    entry.broker = urls.broker;
  }
  writeContextEntry(config.file, name, entry);
  return resolveContext(
    { ...location, context: name },
    { ...config, contexts: { ...config.contexts, [name]: entry } },
    {},
  );
}

/** Removes a context's config entry again (a create whose store could not be opened). */
export function forgetContext(location: ConfigLocation, name: string, env: NodeJS.ProcessEnv = process.env): void {
  removeContextEntry(loadConfig(location, env).file, name);
}

export interface DroppedContext {
  name: string;
  /** The config file whose entry was removed, or null when the config did not define it. */
  configEntryRemovedFrom: string | null;
  /** The embedded context's folder that was deleted, or null when its store is elsewhere. */
  folderRemoved: string | null;
  /** A store that was left as it is (not embedded), without password; null otherwise. */
  storeKept: string | null;
}

/**
 * Drops a context: an embedded one (its store in OMEGA_HOME/contexts/<name>/) loses its folder
 * and its config entry; any other loses only its config entry, its store is left as it is.
 */
export function dropContext(
  location: ConfigLocation,
  name: string,
  force: boolean,
  env: NodeJS.ProcessEnv = process.env,
): DroppedContext {
  const config = loadConfig(location, env);
  validateContextName(name);
  if (!contextExists(config, name)) {
    if (name === FIRST_USE_CONTEXT && config.embedded) throw new NotFoundError('context default does not exist yet');
    throw unknownContextError(config, name);
  }
  if (config.context === name) {
    throw new ValidationError(`context ${name} is the default context (context: in ${config.file}); change that first`);
  }
  const spec = resolveContext({ ...location, context: name }, config, {});
  const folder = embeddedFolder(config.home, name);
  const embedded = spec.store.engine === 'sqlite' && spec.store.path === embeddedStorePath(config.home, name);
  const store = spec.store.engine === 'sqlite' ? `sqlite:${spec.store.path}` : redactUrl(spec.store.url);
  if (!force) {
    throw new ValidationError(
      embedded
        ? `dropping context ${name} deletes ${folder} with all its data; add --force to do it`
        : `dropping context ${name} removes its entry from ${config.file} (its store ${store} is kept); add --force to do it`,
    );
  }
  const configEntryRemovedFrom = removeContextEntry(config.file, name) ? config.file : null;
  if (embedded && existsSync(folder)) rmSync(folder, { recursive: true, force: true });
  return {
    name,
    configEntryRemovedFrom,
    folderRemoved: embedded ? folder : null,
    storeKept: embedded ? null : store,
  };
}
