import { AuthError } from '../errors.js';
import { EVERY_BUCKET, type Role } from './roles.js';

/** What a valid key may do: its roles in its buckets. */
export interface KeyGrant {
  readonly id: string;
  readonly name: string;
  readonly buckets: readonly string[];
  readonly roles: readonly Role[];
}

/** Whether the key may act as `role` on `bucket`: admin may do everything, in its buckets. */
export function permits(grant: KeyGrant, role: Role, bucket: string): boolean {
  return coversBucket(grant, bucket) && (grant.roles.includes(role) || grant.roles.includes('admin'));
}

/** Returns if the key may act as `role` on `bucket`, else an AuthError 403 saying what it lacks. */
export function assertPermits(grant: KeyGrant, role: Role, bucket: string): void {
  if (!coversBucket(grant, bucket)) {
    throw new AuthError(
      `key ${grant.name} may not use bucket ${bucket} (its buckets: ${grant.buckets.join(', ')})`,
      403,
    );
  }
  if (!permits(grant, role, bucket)) {
    throw new AuthError(`key ${grant.name} lacks the role ${role} (its roles: ${grant.roles.join(', ')})`, 403);
  }
}

function coversBucket(grant: KeyGrant, bucket: string): boolean {
  return grant.buckets.includes(EVERY_BUCKET) || grant.buckets.includes(bucket);
}
