import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Omega } from '../../src/omega.js';
import { setup } from '../../src/setup.js';
import type { Cleanup } from './cleanup.js';

export type EngineName = 'sqlite' | 'postgres';

/** A fresh OMEGA_HOME, removed by `cleanup`. */
export async function tempHome(baseDir: string, cleanup: Cleanup): Promise<string> {
  const home = await mkdtemp(join(baseDir, 'omegats-bench-'));
  cleanup.defer(`remove ${home}`, () => rm(home, { recursive: true, force: true }));
  return home;
}

/** What setup() was given, so another process can open the same context. */
export interface ContextArgs {
  context: string;
  store: string;
}

export interface SqliteBench {
  om: Omega;
  args: ContextArgs;
  /** The folder of the context's omega.db (its blobs are in omega.blobs/ beside it). */
  dir: string;
}

/** The embedded context `bench` in `home`: `<home>/bench/omega.db`. */
export async function openSqliteBench(home: string, cleanup: Cleanup): Promise<SqliteBench> {
  const args = { context: 'bench', store: 'sqlite:bench/omega.db' };
  const om = await setup({ home, name: args.context, store: args.store });
  cleanup.defer('close the SQLite context', () => om.close());
  return { om, args, dir: join(home, 'bench') };
}

export interface PgServerInfo {
  version: string;
  fsync: string;
  synchronousCommit: string;
}

export interface PgBench {
  om: Omega;
  args: ContextArgs;
  /** A pool on the same fresh database, for the raw baselines (same size as the engine's). */
  pool: pg.Pool;
  database: string;
  server: PgServerInfo;
}

/**
 * A context in a fresh database `omegats_bench_<random>` on the server of `adminUrl`; omegats
 * creates the database itself, `cleanup` drops it (with force) through the admin URL.
 */
export async function openPgBench(adminUrl: string, home: string, cleanup: Cleanup): Promise<PgBench> {
  const database = `omegats_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  cleanup.defer(`drop database ${database}`, () => dropDatabase(adminUrl, database));
  const args = { context: 'bench-pg', store: url.toString() };
  const om = await setup({ home, name: args.context, store: args.store });
  cleanup.defer('close the PostgreSQL context', () => om.close());
  const pool = new pg.Pool({ connectionString: url.toString(), max: 8 });
  pool.on('error', () => undefined);
  cleanup.defer('end the raw pg pool', () => pool.end());
  return { om, args, pool, database, server: await serverInfo(pool) };
}

async function serverInfo(pool: pg.Pool): Promise<PgServerInfo> {
  const setting = async (name: string): Promise<string> => {
    const result = await pool.query<{ value: string }>('select current_setting($1) as value', [name]);
    return result.rows[0]?.value ?? '?';
  };
  return {
    version: await setting('server_version'),
    fsync: await setting('fsync'),
    synchronousCommit: await setting('synchronous_commit'),
  };
}

async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${pg.escapeIdentifier(database)} with (force)`);
  } finally {
    await client.end();
  }
}
