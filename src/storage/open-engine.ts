import type { StoreLocation } from '../config/urls.js';
import type { Engine } from './engine.js';

/**
 * Opens the engine a store location names and brings its schema up to date. Each engine's module
 * (and its driver) is loaded on first use, so that one engine's users never load the other's.
 */
export async function openEngine(location: StoreLocation): Promise<Engine> {
  if (location.engine === 'sqlite') {
    const { SqliteEngine } = await import('./sqlite/sqlite-engine.js');
    return SqliteEngine.open(location.path);
  }
  const { PostgresEngine } = await import('./postgres/postgres-engine.js');
  return PostgresEngine.open(location.url);
}
