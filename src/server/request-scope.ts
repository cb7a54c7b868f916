import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import type { Caller, Role } from './auth/authorizer.js';

/**
 * The bucket handle a request works in (headers `context`/`qualifier`, `bucket`), after the
 * authorizer allowed `role` on that bucket; records the caller on the request for the audit log.
 */
export async function requestScope(request: FastifyRequest, role: Role): Promise<Omega> {
  const context = header(request, 'context') ?? header(request, 'qualifier');
  const bucket = header(request, 'bucket') ?? 'default';
  const { root, om } = handleOf(request, context, bucket);
  const caller = await request.server.authorizer.authorize(request, root, om.bucketName, role, 'authorization');
  request.omega = om;
  request.caller = caller;
  return om;
}

/**
 * The handle on `bucket` of the served context `context` (the default one when absent) and the
 * caller, after the authorizer allowed `role` there with the key of `keyHeader`. For a second
 * scope of one request, such as a promotion's target; records nothing on the request.
 */
export async function scopeOf(
  request: FastifyRequest,
  context: string | undefined,
  bucket: string,
  role: Role,
  keyHeader: 'authorization' | 'target-authorization',
): Promise<{ om: Omega; caller: Caller | null }> {
  const { root, om } = handleOf(request, context, bucket);
  const caller = await request.server.authorizer.authorize(request, root, om.bucketName, role, keyHeader);
  return { om, caller };
}

/** The served context `context` (the default one when absent) and the server's handle on its `bucket`. */
function handleOf(request: FastifyRequest, context: string | undefined, bucket: string): { root: Omega; om: Omega } {
  const root = request.server.served.get(context);
  return { root, om: bucketHandle(root, bucket) };
}

/**
 * The server's handles per served context and bucket, so that a request does not make one (its
 * stores) each time; requests never close them. The most recently made ones are kept: a bucket
 * header is the caller's choice.
 */
const handles = new WeakMap<Omega, Map<string, Omega>>();
const HANDLES_PER_CONTEXT = 64;

function bucketHandle(root: Omega, bucket: string): Omega {
  let byBucket = handles.get(root);
  if (!byBucket) {
    byBucket = new Map();
    handles.set(root, byBucket);
  }
  let om = byBucket.get(bucket);
  if (!om) {
    om = root.bucket(bucket);
    if (byBucket.size >= HANDLES_PER_CONTEXT) byBucket.delete(byBucket.keys().next().value as string);
    byBucket.set(bucket, om);
  }
  return om;
}

/** A request header given once; absent or empty is undefined. */
function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  if (Array.isArray(value)) throw new ValidationError(`header ${name} must be given once`);
  return value === undefined || value === '' ? undefined : value;
}
