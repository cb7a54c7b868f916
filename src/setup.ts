import type { ContextSpec, SetupOptions } from './config/context-spec.js';
import { prepareContext } from './config/prepare-context.js';
import { Omega } from './omega.js';
import { openEngine } from './storage/open-engine.js';

/**
 * Opens a context: `setup()` the default one, `setup({ context })` a named one from the
 * config (or an embedded one), `setup({ name, store, broker })` an ad hoc one.
 */
export async function setup(options: SetupOptions = {}): Promise<Omega> {
  return openContext(await prepareContext(options));
}

/** Opens a resolved context. */
export async function openContext(spec: ContextSpec): Promise<Omega> {
  return new Omega({ spec, engine: await openEngine(spec.store) });
}
