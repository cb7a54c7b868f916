import type pg from 'pg';
import { ConflictError, OmegaError, UnavailableError } from '../../errors.js';
import { MissingTableError } from '../tables/missing-table.js';

/** SQLSTATE classes of a lost or refused connection (08…, 57P…: admin shutdown, crash). */
const CONNECTION = /^(08|57P0[1-3])/;
const SOCKET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

/** A pg error as a typed one where it means something to the caller; others as they are. */
export function postgresError(error: unknown): unknown {
  if (error instanceof OmegaError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') {
    return /Connection terminated|connection timeout|not queryable/i.test(error.message) ? unavailable(error) : error;
  }
  if (code === '42P01') {
    const table = /relation "(omega_t_[0-9a-f]+)" does not exist/.exec(error.message)?.[1];
    if (table) return new MissingTableError(table, { cause: error });
  }
  if (code === '40001' || code === '40P01' || code === '55P03') {
    return new ConflictError(`a concurrent transaction got in the way: ${error.message}`, { cause: error });
  }
  if (code.startsWith('23')) {
    return new ConflictError(`a write broke a constraint of the PostgreSQL database: ${error.message}`, {
      cause: error,
    });
  }
  if (CONNECTION.test(code) || SOCKET.has(code)) return unavailable(error);
  return error;
}

function unavailable(error: Error): UnavailableError {
  return new UnavailableError(`the PostgreSQL server cannot be reached: ${error.message}`, { cause: error });
}

/** Runs `fn`, translating what it throws. */
export async function translated<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw postgresError(error);
  }
}

/**
 * The pool the query builder runs on, with every failure translated: a connection that cannot be
 * made is an UnavailableError naming `location` (a URL without its password), and each query's
 * error goes through `postgresError`. Streams (cursors, COPY) pass through untouched.
 */
export function translatingPool(pool: pg.Pool, location: string): pg.Pool {
  const connect = async () => {
    const client = await pool.connect().catch((cause: unknown) => {
      throw cannotConnect(location, cause);
    });
    return translatingClient(client);
  };
  return { connect, end: () => pool.end() } as unknown as pg.Pool;
}

/** A pool client whose queries' errors are translated; what it returns is otherwise the client's. */
export function translatingClient(client: pg.PoolClient): pg.PoolClient {
  const query = (...args: unknown[]): unknown => {
    const result = (client.query as (...a: unknown[]) => unknown)(...args);
    if (!(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      throw postgresError(error);
    });
  };
  return { query, release: (error?: Error | boolean) => client.release(error) } as unknown as pg.PoolClient;
}

/** Any failure to get a connection means the store cannot be reached now. */
export function cannotConnect(location: string, cause: unknown): UnavailableError {
  if (cause instanceof UnavailableError) return cause;
  // A refused connection to a host with several addresses is an AggregateError without a message.
  const first = cause instanceof AggregateError ? cause.errors[0] : cause;
  const code = (first as { code?: unknown } | undefined)?.code;
  const reason = first instanceof Error ? first.message || String(code ?? first.name) : String(first);
  return new UnavailableError(`cannot reach PostgreSQL store ${location}: ${reason}`, { cause });
}
