import { ValidationError } from '../errors.js';
import type { Metadata } from '../store/metadata.js';
import type { Store } from '../store/store.js';
import type { ConditionResult } from './types.js';

/** What a condition sees: the promoted object's name and metadata, and both stores. */
export interface ConditionContext {
  name: string;
  metadata: Metadata;
  source: Store;
  target: Store;
}

/** Passes with `true`; fails with `false` or a reason. */
export type Condition = (context: ConditionContext) => boolean | string | Promise<boolean | string>;

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/;

const conditions = new Map<string, Condition>([
  ['fitted', fitted],
  ['nonEmpty', nonEmpty],
]);

/** Adds (or replaces) a named promotion condition. */
export function registerCondition(name: string, fn: Condition): void {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw new ValidationError(
      `invalid condition name ${JSON.stringify(name)}: letters, digits, _ . - starting with a letter`,
    );
  }
  if (typeof fn !== 'function') throw new ValidationError(`condition ${name} must be a function`);
  conditions.set(name, fn);
}

/** The names of the registered conditions, built-in ones included. */
export function knownConditions(): string[] {
  return [...conditions.keys()];
}

/** Checks that every name is a known condition, before anything is evaluated. */
export function checkConditionNames(names: readonly string[]): void {
  const unknown = names.filter((name) => !conditions.has(name));
  if (unknown.length > 0) {
    throw new ValidationError(
      `unknown promotion condition ${unknown.map((n) => JSON.stringify(n)).join(', ')} (known: ${[...conditions.keys()].join(', ')})`,
    );
  }
}

/** Evaluates each condition; one that throws fails with its message. */
export async function evaluateConditions(
  names: readonly string[],
  context: ConditionContext,
): Promise<ConditionResult[]> {
  const results: ConditionResult[] = [];
  for (const name of names) {
    const condition = conditions.get(name) as Condition;
    try {
      const outcome = await condition(context);
      if (outcome === true) results.push({ name, passed: true });
      else results.push({ name, passed: false, detail: typeof outcome === 'string' ? outcome : `${name} is not met` });
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
