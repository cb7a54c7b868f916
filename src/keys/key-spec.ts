import { ValidationError } from '../errors.js';
import { validateBucket } from '../store/names.js';
import { pointInTime } from '../util/duration.js';
import { EVERY_BUCKET, isRole, ROLES, type Role } from './roles.js';

/** What `om.keys.create()` is asked for. */
export interface KeySpec {
  /** Who holds the key: the audit log and the promotion ledger name the caller by it (default `key-<id>`). */
  name?: string;
  /** The buckets the key works in, or `['*']` for every bucket of the context. */
  buckets: readonly string[];
  roles: readonly Role[];
  /** When the key stops working: a Date, an ISO date, or a duration from now such as `30d`. */
  expires?: Date | string;
}

/** A KeySpec checked and normalised: roles and buckets sorted, without repeats. */
export interface ValidKeySpec {
  readonly name: string | undefined;
  readonly buckets: string[];
  readonly roles: Role[];
  readonly expires: Date | null;
}

const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,62}$/;

/** Checks `spec` (from JavaScript or the command line, so nothing about it is assumed) at `now`. */
export function validateKeySpec(spec: unknown, now: Date): ValidKeySpec {
  if (typeof spec !== 'object' || spec === null) throw new ValidationError('a key needs { buckets, roles }');
  const { name, buckets, roles, expires } = spec as Record<string, unknown>;
  return {
    name: name === undefined ? undefined : validateKeyName(name),
    buckets: validateBuckets(buckets),
    roles: validateRoles(roles),
    expires: expires === undefined || expires === null ? null : validateExpiry(expires, now),
  };
}

export function validateKeyName(name: unknown): string {
  if (typeof name !== 'string' || !KEY_NAME.test(name)) {
    throw new ValidationError(
      `invalid key name ${JSON.stringify(name)}: use 1-63 letters, digits, '_', '.', '@' or '-', starting with a letter or digit`,
    );
  }
  return name;
}

function validateBuckets(buckets: unknown): string[] {
  if (!Array.isArray(buckets) || buckets.length === 0) {
    throw new ValidationError(
      `a key needs buckets: a list of bucket names, or ['*'] for every bucket; got ${show(buckets)}`,
    );
  }
  if (buckets.includes(EVERY_BUCKET)) {
    if (buckets.some((bucket) => bucket !== EVERY_BUCKET)) {
      throw new ValidationError(`buckets: '*' stands for every bucket and comes alone, got ${show(buckets)}`);
    }
    return [EVERY_BUCKET];
  }
  return [...new Set(buckets.map((bucket) => validateBucket(bucket)))].sort();
}

function validateRoles(roles: unknown): Role[] {
  if (!Array.isArray(roles) || roles.length === 0) {
    throw new ValidationError(`a key needs roles, some of ${ROLES.join(', ')}; got ${show(roles)}`);
  }
  const unknown = roles.filter((role) => !isRole(role));
  if (unknown.length > 0) {
    throw new ValidationError(`unknown role ${unknown.map(show).join(', ')}: roles are ${ROLES.join(', ')}`);
  }
  const given = new Set(roles as Role[]);
  return ROLES.filter((role) => given.has(role));
}

function validateExpiry(expires: unknown, now: Date): Date {
  const at = pointInTime(expires, 'expires', now, 'ahead');
  if (at.getTime() <= now.getTime()) {
    throw new ValidationError(`expires must be in the future, got ${at.toISOString()}`);
  }
  return at;
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
