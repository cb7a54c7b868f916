import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { SetupOptions } from '../../src/config/context-spec.js';

/** PostgreSQL server for tests: an admin URL such as postgres://postgres@127.0.0.1:5432/postgres. */
export const PG_URL = process.env.OMEGA_TEST_PG_URL;

if (!PG_URL) {
  if (process.env.CI) throw new Error('OMEGA_TEST_PG_URL must be set in CI: PostgreSQL tests never skip there');
  console.warn('# NOTICE: OMEGA_TEST_PG_URL is not set; PostgreSQL variants of the storage tests are SKIPPED');
}

export type EngineName = 'sqlite' | 'postgres';

/** The engines the storage tests run on: SQLite always, PostgreSQL when the server is given. */
export const ENGINES: EngineName[] = PG_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** A fresh, isolated place for one test: its own OMEGA_HOME and (for PostgreSQL) database. */
export interface TestSite {
  home: string;
  /** setup() options of a fresh context on the engine, named `name`. */
  context(name?: string): SetupOptions;
  /** A store URL of a fresh database on the engine. */
  storeUrl(): string;
  cleanup(): Promise<void>;
}

export function testSite(engine: EngineName): TestSite {
  const home = mkdtempSync(join(tmpdir(), 'omegats-test-'));
  const databases: string[] = [];
  const storeUrl = (): string => {
    if (engine === 'sqlite') return `sqlite:contexts/${randomBytes(6).toString('hex')}/omega.db`;
    const name = `omegats_test_${randomBytes(6).toString('hex')}`;
    databases.push(name);
    const url = new URL(PG_URL as string);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    home,
    storeUrl,
    context: (name = 'test') => ({ home, name, store: storeUrl() }),
    async cleanup() {
      rmSync(home, { recursive: true, force: true });
      if (databases.length === 0) return;
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      for (const db of databases) await client.query(`drop database if exists ${db} with (force)`);
      await client.end();
    },
  };
}
