import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import pg from 'pg';
import type { SetupOptions } from '../../src/config/context-spec.js';
import type { Omega } from '../../src/omega.js';
import { setup } from '../../src/setup.js';

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

/** The context a suite works in; `om` and `site` are set once its `before` hook has run. */
export interface SuiteContext {
  om: Omega;
  site: TestSite;
}

/**
 * Opens a fresh context on `engine` before the suite's tests (then runs `prepare` on it) and
 * closes and removes it after them. Call inside `describe`.
 */
export function suiteContext(engine: EngineName, prepare?: (om: Omega) => Promise<void>): SuiteContext {
  const suite = {} as SuiteContext;
  before(async () => {
    suite.site = testSite(engine);
    suite.om = await setup(suite.site.context());
    await prepare?.(suite.om);
  });
  after(async () => {
    await suite.om?.close();
    await suite.site?.cleanup();
  });
  return suite;
}
