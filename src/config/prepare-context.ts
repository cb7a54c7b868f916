import { loadConfig, type OmegaConfig } from './config-file.js';
import { writeContextEntry } from './config-writer.js';
import { checkConfiguredConditions, loadConditionModules } from './configured-conditions.js';
import { type ContextSpec, resolveContext, type SetupOptions, selectedContextName } from './context-spec.js';
import { isKnownContext } from './known-contexts.js';

/** What prepareContext() reads of setup()'s options; `conditions` are ones given in code. */
export interface PrepareOptions extends SetupOptions {
  conditions?: Readonly<Record<string, unknown>>;
}

/**
 * Everything setup() does before it opens a context: reads the config, creates the context when
 * `create` asks for it (writing its config entry), imports the config's condition modules, and
 * checks the condition names the context's promotion requires.
 */
export async function prepareContext(options: PrepareOptions = {}): Promise<ContextSpec> {
  let config = loadConfig(options);
  if (options.create && options.store === undefined) config = ensureContext(config, options);
  await loadConditionModules(config);
  const spec = resolveContext(options, config);
  if (options.store === undefined) checkConfiguredConditions(config, spec.name, Object.keys(options.conditions ?? {}));
  return spec;
}

/** Adds an embedded entry for the selected context unless it exists (or is `default`). */
function ensureContext(config: OmegaConfig, options: SetupOptions): OmegaConfig {
  const name = selectedContextName(options, config);
  if (isKnownContext(config, name)) return config;
  writeContextEntry(config.file, name, {});
  return { ...config, contexts: { ...config.contexts, [name]: {} } };
}
