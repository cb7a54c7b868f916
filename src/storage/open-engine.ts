import type { StoreLocation } from '../config/urls.js';
import type { Engine } from './engine.js';
import { PostgresEngine } from './postgres/postgres-engine.js';
import { SqliteEngine } from './sqlite/sqlite-engine.js';

/** Opens the engine a store location names and brings its schema up to date. */
export function openEngine(location: StoreLocation): Promise<Engine> {
  return location.engine === 'sqlite' ? SqliteEngine.open(location.path) : PostgresEngine.open(location.url);
}
