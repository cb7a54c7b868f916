import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Omega } from '../../omega.js';
import { problemOf } from '../problem.js';
import type { OmegaServer } from '../server-types.js';

/** What a failed request told its caller, kept for its audit row. */
const failures = new WeakMap<FastifyRequest, string>();

/**
 * Writes one row to the context's audit log (API.md §11) for each request to a route whose
 * `config.audit` is true (or a function that says true for the request): the key's id and name,
 * method and route, the object named, the status, and the problem's detail when it failed. Only
 * requests that reached their context are written: with auth on, a valid key (allowed, or refused
 * a role: 403); without a key (401), a rate-limited request (429) or an unknown context there is
 * no one to record, and anonymous callers cannot flood the log. Writing happens after the answer
 * is sent; a failure to write is logged.
 */
export function addAuditHooks(app: OmegaServer): void {
  app.addHook('onError', async (request: FastifyRequest, _reply: FastifyReply, error: FastifyError) => {
    if (audited(request)) failures.set(request, problemOf(error).detail);
  });
  // A callback hook: the many requests that are not audited make no promise.
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    if (!audited(request)) return done();
    appendAuditRow(request, reply).then(() => done(), done);
  });
}

/** Writes the request's audit row; a failure to write is logged, never thrown. */
async function appendAuditRow(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const om = request.omega ?? (request.caller === null ? null : contextOf(request));
  if (om === null) return;
  try {
    await om.auditLog.append({
      keyId: request.caller?.keyId ?? null,
      keyName: request.caller?.name ?? 'anonymous',
      method: request.method,
      route: request.routeOptions.url ?? request.url,
      object: objectOf(request.params),
      status: reply.statusCode,
      detail: failures.get(request),
    });
  } catch (error) {
    request.log.error({ err: error }, 'cannot write the audit row of this request');
  }
}

/** Whether the request's route (or its `config.audit` function, for this request) asks for an audit row. */
function audited(request: FastifyRequest): boolean {
  const { audit } = request.routeOptions.config;
  return typeof audit === 'function' ? audit(request) : audit === true;
}

/** The context a refused request was for: its key was checked there, so the header names a served one. */
function contextOf(request: FastifyRequest): Omega | null {
  const name = request.headers.context ?? request.headers.qualifier;
  try {
    return request.server.served.get(typeof name === 'string' && name !== '' ? name : undefined);
  } catch {
    return null;
  }
}

/** The object a route's path names: its wildcard (`/api/v1/model/*`) or `name` parameter. */
function objectOf(params: unknown): string | null {
  if (typeof params !== 'object' || params === null) return null;
  const { '*': wildcard, name } = params as Record<string, unknown>;
  const object = wildcard ?? name;
  return typeof object === 'string' && object !== '' ? object : null;
}
