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

/** The contexts defined in the config plus the embedded ones that exist under OMEGA_HOME (read from `env`). */
export function listContexts(location: ConfigLocation = {}, env: NodeJS.ProcessEnv = process.env): ContextSummary[] {
  const config = loadConfig(location, env);
  // Each context as the config defines it: environment overrides belong to the selected one only.
  const configured = Object.keys(config.contexts).map((name) =>
    resolveContext({ ...location, context: name }, config, {}),
  );
  const configuredPaths = new Set(
    configured.flatMap((spec) => (spec.store.engine === 'sqlite' ? [spec.store.path] : [])),
  );
  const embeddedRoot = join(config.home, 'contexts');
  const embedded = existsSync(embeddedRoot)
    ? readdirSync(embeddedRoot, { withFileTypes: true })
        .map((entry) => ({ name: entry.name, db: join(embeddedRoot, entry.name, 'omega.db') }))
        .filter(({ name, db }) => existsSync(db) && !configuredPaths.has(db) && !(name in config.contexts))
        .map(({ name }) => resolveContext({ ...location, context: name }, config, {}))
    : [];
  const defaultName = env.OMEGA_CONTEXT || config.context || 'default';
  return [...configured, ...embedded]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((spec) => summarize(spec, defaultName));
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
