import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type ConfigLocation, loadConfig } from './config-file.js';
import { type ContextSpec, resolveContext } from './context-spec.js';
import { redactUrl } from './urls.js';

export interface ContextSummary {
  name: string;
  /** The default context (OMEGA_CONTEXT, else `context:` in the config, else `default`). */
  isDefault: boolean;
  /** `config` when defined in the config file, `embedded` otherwise. */
  origin: 'config' | 'embedded';
  /** The store location, without password. */
  store: string;
  /** The broker URL without password, or `local`. */
  broker: string;
}

/** The contexts defined in the config plus the embedded ones that exist under OMEGA_HOME. */
export function listContexts(location: ConfigLocation = {}): ContextSummary[] {
  const config = loadConfig(location);
  const embeddedRoot = join(config.home, 'contexts');
  const embedded = existsSync(embeddedRoot)
    ? readdirSync(embeddedRoot, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && existsSync(join(embeddedRoot, entry.name, 'omega.db')))
        .map((entry) => entry.name)
    : [];
  const names = [...new Set([...Object.keys(config.contexts), ...embedded])].sort();
  const defaultName = process.env.OMEGA_CONTEXT ?? config.context ?? 'default';
  // Each context as the config defines it: environment overrides belong to the selected one only.
  return names.map((name) => summarize(resolveContext({ ...location, context: name }, config, {}), defaultName));
}

function summarize(spec: ContextSpec, defaultName: string): ContextSummary {
  return {
    name: spec.name,
    isDefault: spec.name === defaultName,
    origin: spec.source === 'embedded' ? 'embedded' : 'config',
    store: spec.store.engine === 'sqlite' ? `sqlite:${spec.store.path}` : redactUrl(spec.store.url),
    broker: spec.broker ? redactUrl(spec.broker) : 'local',
  };
}
