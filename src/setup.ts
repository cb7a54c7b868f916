import { defaultBackends } from './backends/builtin.js';
import type { ContextSpec, SetupOptions } from './config/context-spec.js';
import { prepareContext } from './config/prepare-context.js';
import { ValidationError } from './errors.js';
import { Omega, type OpenContext } from './omega.js';
import { defaultConditions } from './promotion/conditions.js';
import { MessageSigner } from './runtime/message-signer.js';
import type { WorkerContext } from './runtime/worker-contexts.js';
import { openEngine } from './storage/open-engine.js';
import { SecretRepository } from './storage/secret-repository.js';
import type { Backend } from './store/backend.js';

/**
 * Opens a context: `setup()` the default one, `setup({ context })` a named one from the
 * config (or an embedded one), `setup({ name, store, broker })` an ad hoc one. The context's
 * backends and conditions are the defaults as they are now, plus `backends` and `conditions`.
 */
export function setup(options: SetupOptions = {}): Promise<Omega> {
  return setupWith(options, process.env);
}

/** `setup()` with the environment given (the CLI runs in-process with an environment of its own). */
export async function setupWith(options: SetupOptions, env: NodeJS.ProcessEnv): Promise<Omega> {
  const registries = contextRegistries(options);
  const { home, config, backends, conditions } = options;
  // Lineage follows promotions into the other contexts of the same config.
  const contexts = (context: string) => setupWith({ home, config, backends, conditions, context }, env);
  return openContext(await prepareContext(options, env), { ...registries, contexts });
}

/** The registries of one context (copies of the defaults where absent), and how it opens others. */
export type ContextRegistries = Pick<OpenContext, 'backends' | 'conditions' | 'contexts'>;

/** Opens a resolved context. */
export async function openContext(spec: ContextSpec, registries: ContextRegistries = {}): Promise<Omega> {
  return new Omega({ spec, engine: await openEngine(spec.store), ...registries });
}

/** A worker's context: the handle its tasks use, and the signer that checks the messages it gets. */
export async function openWorkerContext(spec: ContextSpec): Promise<WorkerContext<Omega>> {
  const engine = await openEngine(spec.store);
  return { om: new Omega({ spec, engine }), signer: new MessageSigner(new SecretRepository(engine)) };
}

/** Copies of the defaults as they are now, plus the backends and conditions `options` gives. */
function contextRegistries(options: SetupOptions): Required<Omit<ContextRegistries, 'contexts'>> {
  const backends = defaultBackends.copy();
  for (const [kind, backend] of backendEntries(options.backends)) backends.register(kind, backend);
  const conditions = defaultConditions.copy();
  const given = options.conditions ?? {};
  if (typeof given !== 'object' || given === null || Array.isArray(given)) {
    throw new ValidationError('setup() conditions must be an object of condition functions by name');
  }
  for (const [name, fn] of Object.entries(given)) conditions.register(name, fn);
  return { backends, conditions };
}

function backendEntries(given: SetupOptions['backends']): [string, Backend][] {
  if (given === undefined) return [];
  if (Array.isArray(given)) return given.map((backend: Backend) => [backend?.kind, backend]);
  if (typeof given === 'object' && given !== null) return Object.entries(given);
  throw new ValidationError('setup() backends must be a list of backends or an object of backends by kind');
}
