import { type ConfigLocation, loadConfig } from './config-file.js';
import { type ContextSpec, resolveContext, selectedContextName } from './context-spec.js';
import { embeddedOnDisk, FIRST_USE_CONTEXT } from './known-contexts.js';
import { redactUrl } from './urls.js';

export interface ContextSummary {
  name: string;
  /** The default context (OMEGA_CONTEXT, else `context:` in the config, else `default`). */
  isDefault: boolean;
  /** The context a command would work in: `selected` (`--context`), else the default one. */
  current: boolean;
  /** `config` when defined in the config file, `embedded` otherwise. */
  origin: 'config' | 'embedded';
  /** The store location, without password. */
  store: string;
  /** The broker URL without password, or `local`. */
  broker: string;
}

/**
 * The contexts `setup()` accepts: the config's, the embedded ones that exist under OMEGA_HOME,
 * and `default` (created on first use) even before it exists. `selected` marks the current one;
 * OMEGA_HOME, OMEGA_CONFIG and OMEGA_CONTEXT come from `env`.
 */
export function listContexts(
  location: ConfigLocation = {},
  selected?: string,
  env: NodeJS.ProcessEnv = process.env,
): ContextSummary[] {
  const config = loadConfig(location, env);
  // Each context as the config defines it: environment overrides belong to the selected one only.
  const configured = Object.keys(config.contexts).map((name) =>
    resolveContext({ ...location, context: name }, config, {}),
  );
  const configuredPaths = new Set(
    configured.flatMap((spec) => (spec.store.engine === 'sqlite' ? [spec.store.path] : [])),
  );
  const embeddedNames = new Set(embeddedOnDisk(config).filter((name) => !(name in config.contexts)));
  if (config.embedded && !(FIRST_USE_CONTEXT in config.contexts)) embeddedNames.add(FIRST_USE_CONTEXT);
  const embedded = [...embeddedNames]
    .map((name) => resolveContext({ ...location, context: name }, config, {}))
    .filter((spec) => spec.store.engine !== 'sqlite' || !configuredPaths.has(spec.store.path));
  const defaultName = selectedContextName({}, config, env);
  const currentName = selected ?? defaultName;
  return [...configured, ...embedded]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((spec) => summarize(spec, defaultName, currentName));
}

function summarize(spec: ContextSpec, defaultName: string, currentName: string): ContextSummary {
  return {
    name: spec.name,
    isDefault: spec.name === defaultName,
    current: spec.name === currentName,
    origin: spec.source === 'embedded' ? 'embedded' : 'config',
    store: spec.store.engine === 'sqlite' ? `sqlite:${spec.store.path}` : redactUrl(spec.store.url),
    broker: spec.broker ? redactUrl(spec.broker) : 'local',
  };
}
