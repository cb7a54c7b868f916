import { ValidationError } from '../errors.js';

export interface ListOptions {
  /** A regular expression searched in the name (unanchored); takes precedence over the pattern. */
  regexp?: string;
  /** Only objects of this kind. */
  kind?: string;
  /** Include names starting with `.`. */
  hidden?: boolean;
  /** Include names starting with `_`. */
  includeTemp?: boolean;
}

/** Builds the name predicate of `list()`: `*` matches anything (`/` included), anchored. */
export function matcher(pattern: string | undefined, options: ListOptions): (name: string) => boolean {
  const test = nameTest(pattern, options.regexp);
  return (name) =>
    (options.hidden || !name.startsWith('.')) && (options.includeTemp || !name.startsWith('_')) && test(name);
}

function nameTest(pattern: string | undefined, regexp: string | undefined): (name: string) => boolean {
  if (regexp !== undefined) {
    if (typeof regexp !== 'string') throw new ValidationError('list regexp must be a string');
    try {
      const re = new RegExp(regexp, 'u');
      return (name) => re.test(name);
    } catch (error) {
      throw new ValidationError(`invalid list regexp ${JSON.stringify(regexp)}: ${(error as Error).message}`);
    }
  }
  if (pattern === undefined || pattern === '') return () => true;
  if (typeof pattern !== 'string') throw new ValidationError('list pattern must be a string');
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${source}$`, 'su');
  return (name) => re.test(name);
}
