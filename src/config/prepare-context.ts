import { loadConfig, type OmegaConfig } from './config-file.js';
import { writeContextEntry } from './config-writer.js';
import { checkConfiguredConditions, loadConditionModules } from './configured-conditions.js';
import { type ContextSpec, resolveContext, type SetupOptions, selectedContextName } from './context-spec.js';
import { isKnownContext } from './known-contexts.js';

/** What prepareContext() reads of setup()'s options; `conditions` are ones given in code. */
export type PrepareOptions = SetupOptions & { conditions?: Readonly<Record<string, unknown>> };

/**
 * Everything setup() does before it opens a context: reads the config, creates the context when
 * `create` asks for it (writing its config entry), imports the config's condition modules, and
 * checks the condition names the context's promotion requires.
 */
export async function prepareContext(
  options: PrepareOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<ContextSpec> {
  const config = loadConfig(options, env);
  const created = options.create && options.store === undefined ? newContextName(config, options, env) : undefined;
  const effective = created === undefined ? config : { ...config, contexts: { ...config.contexts, [created]: {} } };
  await loadConditionModules(effective);
  // Resolved (so validated) before a new context's entry is written.
  const spec = resolveContext(options, effective, env);
  if (options.store === undefined) {
    checkConfiguredConditions(effective, spec.name, Object.keys(options.conditions ?? {}));
  }
  if (created !== undefined) writeContextEntry(config.file, created, {});
  return spec;
}

/** The selected context's name when `create` must make it: it does not exist and is not `default`. */
function newContextName(config: OmegaConfig, options: SetupOptions, env: NodeJS.ProcessEnv): string | undefined {
  const name = selectedContextName(options, config, env);
  return isKnownContext(config, name) ? undefined : name;
}
