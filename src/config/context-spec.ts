import type { Condition } from '../promotion/conditions.js';
import type { Backend } from '../store/backend.js';
import { validateBucket, validateContextName } from '../store/names.js';
import { type ConfigLocation, loadConfig, type OmegaConfig } from './config-file.js';
import { embeddedStorePath, isKnownContext, unknownContextError } from './known-contexts.js';
import { parseBrokerUrl, parseStoreUrl, type StoreLocation } from './urls.js';

export interface SetupOptions extends ConfigLocation {
  /**
   * A context from the config file or an embedded one under OMEGA_HOME/contexts/. Only `default`
   * is created on first use; any other unknown name is a NotFoundError unless `create` is set.
   */
  context?: string;
  /** Create the named context when it does not exist: an embedded one, with its config entry. */
  create?: boolean;
  /** Ad hoc context: its name (default `adhoc`), used with `store`. */
  name?: string;
  /** Ad hoc context: a store URL (makes the context ad hoc). */
  store?: string;
  /** Ad hoc context: a broker URL; absent or `local` is the local runtime. */
  broker?: string;
  /** The bucket to start in. */
  bucket?: string;
  /** Run every task in-process. */
  local?: boolean;
  /** Backends of this context only, ahead of the defaults (`registerBackend`): a list, or a map by kind. */
  backends?: readonly Backend[] | Readonly<Record<string, Backend>>;
  /** Promotion conditions of this context only, by name, besides the defaults (`registerCondition`). */
  conditions?: Readonly<Record<string, Condition>>;
}

/** Everything needed to open one context, resolved from options, environment and config. */
export interface ContextSpec {
  name: string;
  store: StoreLocation;
  /** A redis URL, or null for the local runtime. */
  broker: string | null;
  bucket: string;
  local: boolean;
  /** Condition names required for promotion into this context, per store (`models`, `datasets`, …). */
  promotionConditions: Record<string, string[]>;
  /** Where it was defined, for messages: the config file, `setup()` or `embedded`. */
  source: string;
}

/**
 * Resolves the context `setup(options)` selects. Environment variables (`env`, read now)
 * override the config for the selected context; explicit options override both.
 */
export function resolveContext(
  options: SetupOptions = {},
  config: OmegaConfig = loadConfig(options),
  rawEnv: NodeJS.ProcessEnv = process.env,
): ContextSpec {
  const env = withoutEmpty(rawEnv);
  const local = options.local ?? truthy(env.OMEGA_LOCAL_RUNTIME);
  if (options.store !== undefined) {
    const name = validateContextName(options.name ?? options.context ?? 'adhoc');
    return {
      name,
      store: parseStoreUrl(options.store, config.home, 'setup() store'),
      broker: parseBrokerUrl(options.broker, 'setup() broker'),
      bucket: validateBucket(options.bucket ?? env.OMEGA_BUCKET ?? 'default'),
      local,
      promotionConditions: {},
      source: 'setup()',
    };
  }
  const name = selectedContextName(options, config, env);
  const entry = config.contexts[name];
  if (!entry && !isKnownContext(config, name)) throw unknownContextError(config, name);
  const where = entry ? `${config.file}: contexts.${name}` : `embedded context ${name}`;
  const storeUrl = env.OMEGA_STORE_URL ?? entry?.store;
  const storeWhere = env.OMEGA_STORE_URL ? 'OMEGA_STORE_URL' : `${where}.store`;
  const brokerUrl = env.OMEGA_BROKER_URL ?? entry?.broker;
  const brokerWhere = env.OMEGA_BROKER_URL ? 'OMEGA_BROKER_URL' : `${where}.broker`;
  return {
    name,
    store: storeUrl
      ? parseStoreUrl(storeUrl, config.home, storeWhere)
      : { engine: 'sqlite', path: embeddedStorePath(config.home, name) },
    broker: parseBrokerUrl(brokerUrl, brokerWhere),
    bucket: validateBucket(options.bucket ?? env.OMEGA_BUCKET ?? entry?.bucket ?? 'default'),
    local,
    promotionConditions: entry?.promotion?.conditions ?? {},
    source: entry ? config.file : 'embedded',
  };
}

/** The name of the context `setup(options)` selects (not ad hoc): options, OMEGA_CONTEXT, the config, `default`. */
export function selectedContextName(
  options: SetupOptions,
  config: OmegaConfig,
  rawEnv: NodeJS.ProcessEnv = process.env,
): string {
  const env = withoutEmpty(rawEnv);
  return validateContextName(options.context ?? options.name ?? env.OMEGA_CONTEXT ?? config.context ?? 'default');
}

/** An empty environment variable counts as unset. */
function withoutEmpty(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
}

function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|y|on)$/i.test(value.trim());
}
