import { setTimeout as sleep } from 'node:timers/promises';
import { Redis, type RedisOptions } from 'ioredis';
import { redactUrl } from '../../config/urls.js';
import { UnavailableError } from '../../errors.js';
import { redisOptions } from './broker.js';

/** How many times a worker tries to reach its broker at start before it gives up. */
export const CONNECT_ATTEMPTS = 5;

/** The broker of some contexts could not be reached when the worker started. */
export class BrokerUnreachableError extends UnavailableError {
  constructor(
    /** The broker URL, password included: for the caller to look up where it was configured. */
    readonly broker: string,
    readonly contexts: readonly string[],
    attempts: number,
    timeoutMs: number,
    reason: string,
  ) {
    super(
      `cannot reach the broker of context ${contexts.join(', ')} after ${attempts} attempts in ${timeoutMs / 1000} s ` +
        `(${reason}): is Redis running at ${redactUrl(broker)}?`,
    );
  }
}

/**
 * Reconnection delays once serving: soon at first, then every 2 s for as long as it takes, so
 * a worker comes back within seconds of its broker.
 */
export function servingRetryDelay(attempt: number): number {
  return Math.min(attempt * 200, 2_000);
}

/** ioredis options for a worker's connections while it serves: reconnect for ever, quietly. */
export function servingOptions(broker: string, blocking: boolean): RedisOptions {
  return { ...redisOptions(broker, blocking), retryStrategy: servingRetryDelay };
}

/**
 * Connects to `broker`, trying CONNECT_ATTEMPTS times spread over `timeoutMs`; the connection
 * returned then reconnects by itself (servingRetryDelay). Throws BrokerUnreachableError.
 */
export async function connectBroker(broker: string, contexts: readonly string[], timeoutMs: number): Promise<Redis> {
  const pause = timeoutMs / (CONNECT_ATTEMPTS - 1);
  let reason = '';
  for (let attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
    const started = Date.now();
    const redis = new Redis({
      ...redisOptions(broker, false),
      lazyConnect: true,
      connectTimeout: Math.max(200, Math.min(5_000, pause)),
      retryStrategy: () => null,
    });
    // Without a listener ioredis prints every failed attempt with its stack.
    redis.on('error', (error: Error) => {
      reason = error.message;
    });
    try {
      await redis.connect();
      await redis.ping();
      redis.options.retryStrategy = servingRetryDelay;
      return redis;
    } catch (error) {
      reason = reason || (error instanceof Error ? error.message : String(error));
      // Once ended, disconnect() would only hold the process for its disconnectTimeout.
      if (redis.status !== 'end') redis.disconnect();
    }
    if (attempt < CONNECT_ATTEMPTS) await sleep(Math.max(0, pause - (Date.now() - started)));
  }
  throw new BrokerUnreachableError(broker, contexts, CONNECT_ATTEMPTS, timeoutMs, reason);
}

/** Whether an error only says that the broker cannot be reached (said once, by BrokerWatch). */
export function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code) ||
    /connection is closed|ECONNREFUSED|ECONNRESET|max retries per request|connect ETIMEDOUT|Stream isn't writeable/i.test(
      error.message,
    )
  );
}
