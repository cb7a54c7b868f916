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
    return /Connection terminated|connection timeout/i.test(error.message) ? unavailable(error) : error;
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
