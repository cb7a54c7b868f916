import type { RedisOptions } from 'ioredis';
import { redactUrl } from '../../config/urls.js';
import { UnavailableError, ValidationError } from '../../errors.js';

/** Every key omegats keeps in Redis starts with this (BullMQ's `prefix`). */
export const PREFIX = 'omega';

/** One queue per (context, label). `/` appears in neither name, so the pair is unambiguous. */
export function queueName(context: string, label: string): string {
  return `${context}/${label}`;
}

/**
 * The queue of a context's schedule ticks (BullMQ job schedulers). A label never starts with
 * `.`, so no label's queue has this name.
 */
export function schedulesQueueName(context: string): string {
  return `${context}/.schedules`;
}

/**
 * The queue of a context's flows: one job per flow, the parent of its steps, which collects their
 * results once they have all ended (flow-collector.ts). No label's queue has this name either.
 */
export function flowsQueueName(context: string): string {
  return `${context}/.flows`;
}

/** The labels that have had tasks or workers in a context, for `status` and `result(id)`. */
export function labelsKey(context: string): string {
  return `${PREFIX}:labels:${context}`;
}

/** Where each live worker describes itself; the key expires unless its heartbeat renews it. */
export function workerKey(id: string): string {
  return `${PREFIX}:workers:${id}`;
}
export const WORKER_KEYS = `${PREFIX}:workers:*`;

/**
 * ioredis options for a `redis://` or `rediss://` URL: user, password, database number, TLS.
 * Commands fail after two reconnection attempts (instead of waiting forever) while the server
 * cannot be reached, unless the connection is a blocking one (workers and event readers wait).
 */
export function redisOptions(url: string, blocking: boolean): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ValidationError(`malformed broker URL ${JSON.stringify(redactUrl(url))}`);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) {
    throw new ValidationError(`broker URL ${JSON.stringify(redactUrl(url))}: the path must be a database number`);
  }
  return {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 6379,
    db,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
    connectTimeout: 5_000,
    maxRetriesPerRequest: blocking ? null : 2,
  };
}

/** What ioredis says when the broker cannot be reached, in words a user can act on. */
const REASONS: [RegExp, string][] = [
  [/ECONNREFUSED/, 'connection refused (is Redis running there?)'],
  [/ENOTFOUND|EAI_AGAIN/, 'unknown host'],
  [/ETIMEDOUT|connect timed out/i, 'no answer (timed out)'],
  [/max retries per request/i, 'no connection after several attempts (is Redis running there?)'],
  [/NOAUTH|WRONGPASS|invalid password|invalid username/i, 'authentication failed (check the user and password)'],
  [/Connection is closed|ECONNRESET|EPIPE/, 'the connection was lost'],
];

/**
 * A Redis failure as an UnavailableError naming the broker without its password; the raw ioredis
 * error stays its cause (shown with --debug).
 */
export function brokerUnavailable(url: string, context: string, error: unknown): UnavailableError {
  const raw = error instanceof Error ? `${(error as { code?: unknown }).code ?? ''} ${error.message}` : String(error);
  const reason = REASONS.find(([pattern]) => pattern.test(raw))?.[1] ?? redactText(raw.trim(), url);
  return new UnavailableError(`cannot reach the broker ${redactUrl(url)} of context ${context}: ${reason}`, {
    cause: error,
  });
}

/** `text` without the broker's password, should a driver message quote the URL. */
function redactText(text: string, url: string): string {
  const password = URL.canParse(url) ? decodeURIComponent(new URL(url).password) : '';
  return password === '' ? text : text.split(password).join('***');
}

/** Whether an error comes from Redis or the connection to it (not from a task that failed). */
export function isBrokerError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const { code } = error as { code?: unknown };
  return typeof code === 'string' || ['MaxRetriesPerRequestError', 'ReplyError', 'AbortError'].includes(error.name);
}
