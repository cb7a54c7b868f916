import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ValidationError } from '../errors.js';
import { knownConditions } from '../promotion/conditions.js';
import { nearestName } from '../util/nearest-name.js';
import type { OmegaConfig } from './config-file.js';

/** The stores `promotion.conditions.<store>` may name. */
const STORES = ['datasets', 'jobs', 'models', 'scripts'];

/**
 * Imports the config's `conditionModules` (paths relative to the config file, or package names),
 * whose top level registers conditions. Node imports each module once per process.
 */
export async function loadConditionModules(config: OmegaConfig): Promise<void> {
  for (const [index, specifier] of config.conditionModules.entries()) {
    const isPath = specifier.startsWith('.') || isAbsolute(specifier);
    const target = isPath ? pathToFileURL(resolve(dirname(config.file), specifier)).href : specifier;
    try {
      await import(target);
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      throw new ValidationError(
        `${config.file}: conditionModules[${index}]: cannot load ${JSON.stringify(specifier)}: ${reason}`,
        { cause: error },
      );
    }
  }
}

/**
 * Checks the promotion conditions the config requires for context `name`: known stores, known
 * condition names (registered ones plus `extra`, e.g. the conditions given to setup()). A wrong
 * name is a ValidationError naming the file and the key, at setup() rather than at promotion.
 */
export function checkConfiguredConditions(config: OmegaConfig, name: string, extra: readonly string[] = []): void {
  const required = config.contexts[name]?.promotion?.conditions ?? {};
  const known = [...new Set([...knownConditions(), ...extra])];
  for (const [store, names] of Object.entries(required)) {
    const key = `${config.file}: contexts.${name}.promotion.conditions.${store}`;
    if (!STORES.includes(store)) {
      throw new ValidationError(`${key}: unknown store '${store}' (known: ${STORES.join(', ')})${hint(store, STORES)}`);
    }
    const unknown = names.find((condition) => !known.includes(condition));
    if (unknown !== undefined) {
      const registered =
        config.conditionModules.length > 0 ? '' : '; conditions registered in code are named in conditionModules';
      throw new ValidationError(
        `${key}: unknown condition '${unknown}' (known: ${known.join(', ')})${hint(unknown, known)}${registered}`,
      );
    }
  }
}

function hint(name: string, known: readonly string[]): string {
  const nearest = nearestName(name, known);
  return nearest ? `; did you mean '${nearest}'?` : '';
}
