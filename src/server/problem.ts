import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  AuthError,
  ConditionFailedError,
  ConflictError,
  NotFoundError,
  OmegaError,
  TaskError,
  UnavailableError,
  ValidationError,
} from '../errors.js';

/** An error as the client sees it (RFC 9457 `application/problem+json`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** What an unexpected failure tells the client: nothing about the server's insides. */
const INTERNAL_DETAIL = 'the server failed to answer this request; its log has the cause';

/**
 * The problem for `error`: typed errors by their class (API.md §10), Fastify's own client errors
 * (bad JSON, schema, body size, media type, rate limit) by their status, anything else 500 with a
 * generic detail. Details never carry a URL (a store's or broker's, with its password).
 */
export function problemOf(error: unknown): Problem {
  if (error instanceof OmegaError) {
    const status = omegaStatus(error);
    return problem(
      status,
      status >= 500 && !(error instanceof UnavailableError) ? INTERNAL_DETAIL : error.message,
      error.code,
    );
  }
  const fastify = error as Partial<FastifyError>;
  if (fastify.validation !== undefined) return problem(400, fastify.message ?? 'invalid request', 'OMEGA_INVALID');
  const status = fastify.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return problem(
      status,
      fastify.message ?? STATUS_CODES[status] ?? 'client error',
      CLIENT_CODES[status] ?? 'OMEGA_INVALID',
    );
  }
  return problem(500, INTERNAL_DETAIL, 'OMEGA_INTERNAL');
}

/** Fastify's error handler: answers with the problem, logs server-side failures with their cause. */
export function sendProblem(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const answer = problemOf(error);
  if (answer.status >= 500) request.log.error({ err: error }, 'request failed');
  return reply.code(answer.status).type(PROBLEM_CONTENT_TYPE).send(answer);
}

/** A problem made here (an unknown route, a queued task's failure). */
export function problem(status: number, detail: string, code: string): Problem {
  return {
    type: `urn:omegats:problem:${code.toLowerCase()}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail: redactUrls(detail),
    code,
  };
}

function omegaStatus(error: OmegaError): number {
  if (error instanceof AuthError) return error.status;
  if (error instanceof ValidationError) return 400;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError || error instanceof ConditionFailedError) return 409;
  if (error instanceof TaskError) return 422;
  if (error instanceof UnavailableError) return 503;
  return 500;
}

const CLIENT_CODES: Readonly<Record<number, string>> = {
  404: 'OMEGA_NOT_FOUND',
  413: 'OMEGA_TOO_LARGE',
  415: 'OMEGA_UNSUPPORTED_MEDIA_TYPE',
  429: 'OMEGA_RATE_LIMITED',
};

/** `scheme://anything` → `scheme://…`: a URL may hold a host, a user and a password. */
function redactUrls(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*):\/\/[^\s'",)]+/gi, '$1://…');
}
