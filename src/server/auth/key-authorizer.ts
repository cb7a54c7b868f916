import type { FastifyRequest } from 'fastify';
import { AuthError } from '../../errors.js';
import { assertPermits } from '../../keys/grant.js';
import { keyOfHeader } from './authorization-header.js';
import type { Authorizer, Caller } from './authorizer.js';

/**
 * Checks API keys of the served contexts (API.md §11): the key in the request's header must be a
 * key of the context (one lookup by its id per request, so a revocation by any process counts
 * from the next request), neither revoked nor expired (401), with `role` on `bucket` (403).
 */
export function keyAuthorizer(): Authorizer {
  return {
    async authorize(request, om, bucket, role, header = 'authorization') {
      const grant = await om.keys.authenticate(presentedKey(request, header));
      const caller: Caller = { keyId: grant.id, name: grant.name };
      // A request refused its role or bucket is still the key's: the audit log names it.
      if (header === 'authorization') request.caller ??= caller;
      assertPermits(grant, role, bucket);
      return caller;
    },
  };
}

/** The key of `header`, or AuthError 401 saying what is wrong with the header. */
function presentedKey(request: FastifyRequest, header: 'authorization' | 'target-authorization'): string {
  const value = request.headers[header];
  if (value === undefined || value === '') {
    throw new AuthError(`no API key: send the header ${header}: Bearer <key>`);
  }
  const key = typeof value === 'string' ? keyOfHeader(value) : undefined;
  if (key === undefined) {
    throw new AuthError(`malformed ${header} header: expected Bearer <key> or ApiKey <user>:<key>`);
  }
  return key;
}
