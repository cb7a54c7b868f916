import { ValidationError } from '../errors.js';
import type { Metadata } from '../store/metadata.js';
import type { ConditionResult } from './types.js';

/**
 * The reading face of a store that a condition sees (a `Store` at run time). Declared here so
 * that conditions, which the store scope carries, do not import the store.
 */
export interface ConditionStore {
  readonly context: string;
  readonly bucket: string;
  readonly prefix: string;
  get(name: string, options?: Readonly<Record<string, unknown>>): Promise<unknown>;
  metadata(name: string): Promise<Metadata | null>;
  exists(name: string): Promise<boolean>;
  list(pattern?: string): Promise<string[]>;
}

/** What a condition sees: the promoted object's name and metadata, and both stores. */
export interface ConditionContext {
  name: string;
  metadata: Metadata;
  source: ConditionStore;
  target: ConditionStore;
}

/** Passes with `true`; fails with `false` or a reason. */
export type Condition = (context: ConditionContext) => boolean | string | Promise<boolean | string>;

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;

/**
 * Promotion conditions by name. `defaultConditions` holds the built-in ones and those of
 * `registerCondition`; every `setup()` copies it and adds the conditions of its own options.
 */
export class ConditionRegistry {
  private readonly conditions: Map<string, Condition>;

  constructor(conditions: Iterable<readonly [string, Condition]> = []) {
    this.conditions = new Map(conditions);
  }

  /** Adds (or replaces) a named condition. */
  register(name: string, fn: Condition): void {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new ValidationError(
        `invalid condition name ${JSON.stringify(name)}: letters, digits, _ . - starting with a letter`,
      );
    }
    if (typeof fn !== 'function') throw new ValidationError(`condition ${name} must be a function`);
    this.conditions.set(name, fn);
  }

  /** The names of this registry's conditions. */
  names(): string[] {
    return [...this.conditions.keys()];
  }

  /** A registry that starts with this one's conditions; changes to either do not reach the other. */
  copy(): ConditionRegistry {
    return new ConditionRegistry(this.conditions);
  }

  /** This registry's conditions, and `fallback`'s where this one has none of that name. */
  over(fallback: ConditionRegistry | undefined): ConditionRegistry {
    return new ConditionRegistry([...(fallback?.conditions ?? []), ...this.conditions]);
  }

  /** Checks that every name is a known condition, before anything is evaluated. */
  check(names: readonly string[]): void {
    const unknown = names.filter((name) => !this.conditions.has(name));
    if (unknown.length > 0) {
      throw new ValidationError(
        `unknown promotion condition ${unknown.map((n) => JSON.stringify(n)).join(', ')} (known: ${[...this.conditions.keys()].join(', ')})`,
      );
    }
  }

  /** Evaluates each condition (checked names); one that throws fails with its message. */
  async evaluate(names: readonly string[], context: ConditionContext): Promise<ConditionResult[]> {
    const results: ConditionResult[] = [];
    for (const name of names) {
      const condition = this.conditions.get(name) as Condition;
      try {
        const outcome = await condition(context);
        if (outcome === true) results.push({ name, passed: true });
        else
          results.push({ name, passed: false, detail: typeof outcome === 'string' ? outcome : `${name} is not met` });
      } catch (error) {
        results.push({
          name,
          passed: false,
          detail: `${name} failed: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
    }
    return results;
  }
}

/** The conditions every later `setup()` starts with. */
export const defaultConditions = new ConditionRegistry([
  ['fitted', fitted],
  ['nonEmpty', nonEmpty],
]);

/** Adds (or replaces) a named promotion condition in the defaults, for every later `setup()`. */
export function registerCondition(name: string, fn: Condition): void {
  defaultConditions.register(name, fn);
}

/**
 * The conditions a promotion may name: the target context's (they guard the target), and the
 * source context's where the target has none of that name — both are the caller's own setups.
 */
export function promotionConditions(
  target: ConditionRegistry | undefined,
  source: ConditionRegistry | undefined,
): ConditionRegistry {
  return (target ?? defaultConditions).over(source);
}

/** The names of the default conditions (built-in and registered), which every later `setup()` starts with. */
export function knownConditions(): string[] {
  return defaultConditions.names();
}

/** A model must be trained (`kindMeta.fitted`). */
function fitted({ metadata }: ConditionContext): boolean | string {
  if (metadata.prefix !== 'models/') return `${metadata.prefix}${metadata.name} is not a model`;
  if (metadata.kindMeta.fitted === true) return true;
  return `models/${metadata.name} is not trained (kind ${metadata.kind})`;
}

/** A dataset must hold something: rows for a table, bytes for a file, a non-empty value for JSON. */
async function nonEmpty({ name, metadata, source }: ConditionContext): Promise<boolean | string> {
  const empty = `${metadata.prefix}${metadata.name} is empty`;
  if (typeof metadata.kindMeta.rows === 'number') return metadata.kindMeta.rows > 0 || `${empty} (0 rows)`;
  if (metadata.kind === 'json') {
    const value = await source.get(name);
    const size = Array.isArray(value)
      ? value.length
      : value && typeof value === 'object'
        ? Object.keys(value).length
        : 1;
    return (value !== null && size > 0) || empty;
  }
  if (typeof metadata.kindMeta.size === 'number') return metadata.kindMeta.size > 0 || `${empty} (0 bytes)`;
  return true;
}
