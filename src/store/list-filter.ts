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

/**
 * What `list()` selects: the glob and flags go to SQL (SQLite GLOB and PostgreSQL LIKE match
 * `*a*a*…*b` without exponential backtracking); a regexp filters the names it returns, at most
 * MAX_REGEXP_LENGTH characters and REGEXP_TIME_LIMIT_MS of matching (src/store/regexp-match.ts).
 */
export interface ListFilter {
  /** `*` matches any characters (`/` included), anchored. */
  readonly pattern?: string;
  readonly regexp?: RegExp;
  readonly kind?: string;
  readonly hidden: boolean;
  readonly includeTemp: boolean;
}

/** Checks `list()`'s arguments: a bad pattern or regexp is a ValidationError. */
export function listFilter(pattern: unknown, options: ListOptions): ListFilter {
  const flags = { kind: options.kind, hidden: options.hidden === true, includeTemp: options.includeTemp === true };
  if (options.regexp !== undefined) return { ...flags, regexp: compile(options.regexp) };
  if (pattern === undefined || pattern === '') return flags;
  if (typeof pattern !== 'string') throw new ValidationError('list pattern must be a string');
  return { ...flags, pattern };
}

/** The longest `regexp` that `list()` takes, in characters. */
export const MAX_REGEXP_LENGTH = 256;

function compile(regexp: unknown): RegExp {
  if (typeof regexp !== 'string') throw new ValidationError('list regexp must be a string');
  if (regexp.length > MAX_REGEXP_LENGTH) {
    throw new ValidationError(
      `list regexp is ${regexp.length} characters long; at most ${MAX_REGEXP_LENGTH} are allowed`,
    );
  }
  try {
    return new RegExp(regexp, 'u');
  } catch (error) {
    throw new ValidationError(`invalid list regexp ${JSON.stringify(regexp)}: ${(error as Error).message}`);
  }
}
