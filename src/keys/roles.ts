/** What a key may do in its buckets (API.md §11). */
export type Role = 'read' | 'write' | 'run' | 'promote' | 'admin';

/**
 * read: get, list, metadata, ledger · write: put, drop · run: model actions, scripts, jobs ·
 * promote: promote into the key's buckets, rollback · admin: everything, keys included.
 */
export const ROLES: readonly Role[] = ['read', 'write', 'run', 'promote', 'admin'];

/** The bucket list that stands for every bucket of the context. */
export const EVERY_BUCKET = '*';

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
