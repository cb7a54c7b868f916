import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import type { Role } from './auth/authorizer.js';

/**
 * The bucket handle a request works in (headers `context`/`qualifier`, `bucket`), after the
 * authorizer allowed `role` on that bucket; records the caller on the request for the audit log.
 */
export async function requestScope(request: FastifyRequest, role: Role): Promise<Omega> {
  const context = header(request, 'context') ?? header(request, 'qualifier');
  const handle = await scopeOf(request, context, header(request, 'bucket') ?? 'default', role, 'authorization');
  request.omega = handle;
  return handle;
}

/**
 * The handle on `bucket` of the served context `context` (the default one when absent), after the
 * authorizer allowed `role` there with the key of `keyHeader`; the caller is recorded on the
 * request. For a second scope of one request, such as a promotion's target.
 */
export async function scopeOf(
  request: FastifyRequest,
  context: string | undefined,
  bucket: string,
  role: Role,
  keyHeader: 'authorization' | 'target-authorization',
): Promise<Omega> {
  const om = request.server.served.get(context);
  const handle = om.bucket(bucket);
  const caller = await request.server.authorizer.authorize(request, om, handle.bucketName, role, keyHeader);
  request.caller ??= caller;
  return handle;
}

/** A request header given once; absent or empty is undefined. */
function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (Array.isArray(value)) throw new ValidationError(`header ${name} must be given once`);
  return value === undefined || value === '' ? undefined : value;
}
