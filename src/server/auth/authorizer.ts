import type { FastifyRequest } from 'fastify';
import type { Role } from '../../keys/roles.js';
import type { Omega } from '../../omega.js';

export { ROLES, type Role } from '../../keys/roles.js';
/** Who made a request: the key's id and name (for the audit log and the promotion ledger's user). */
export interface Caller {
  readonly keyId: string;
  readonly name: string;
}
export interface Authorizer {
  /** The caller if the request's key (from `header`) may act as `role` on `bucket` of `om`'s context;
   *  AuthError OMEGA_UNAUTHORIZED (401: no, malformed, unknown, revoked, expired key or a key of another
   *  context) or OMEGA_FORBIDDEN (403: lacks the role or the bucket). null when auth is off. */
  authorize(
    request: FastifyRequest,
    om: Omega,
    bucket: string,
    role: Role,
    header?: 'authorization' | 'target-authorization',
  ): Promise<Caller | null>;
}
const ANYONE: Promise<Caller | null> = Promise.resolve(null);
/** Auth off: every request may do anything, as nobody. */
export const noAuth: Authorizer = { authorize: () => ANYONE };
