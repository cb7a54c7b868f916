import { ConflictError, OmegaError, UnavailableError } from '../../errors.js';
import { MissingTableError } from '../tables/missing-table.js';

/** A better-sqlite3 error as a typed one where it means something to the caller; others as they are. */
export function sqliteError(error: unknown): unknown {
  if (error instanceof OmegaError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const missing = /^no such table: (omega_t_[0-9a-f]+)/.exec(error.message);
  if (missing) return new MissingTableError(missing[1] as string, { cause: error });
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new ConflictError(`the SQLite database is locked by another writer: ${error.message}`, { cause: error });
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new ConflictError(`a write broke a constraint of the SQLite database: ${error.message}`, { cause: error });
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'SQLITE_FULL') {
    return new UnavailableError(`the SQLite database cannot be used: ${error.message}`, { cause: error });
  }
  return error;
}

/** Runs `fn`, translating what it throws. */
export async function translated<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw sqliteError(error);
  }
}
