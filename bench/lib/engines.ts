import { join } from 'node:path';
import type { Omega } from '../../src/omega.js';
import type { Cleanup } from './cleanup.js';
import { type ContextArgs, type EngineName, openPgBench, openSqliteBench, type PgServerInfo } from './contexts.js';
import { type ByteTarget, fsByteTarget, pgByteTarget } from './raw-file.js';
import { type JsonTarget, pgJsonTarget, sqliteJsonTarget } from './raw-json.js';
import { pgCopyTarget, type RawCopyTarget, sqliteCopyTarget } from './raw-promote.js';
import { pgTableTarget, sqliteTableTarget, type TableTarget } from './raw-table.js';

/** One engine under test: the omegats context and its raw baselines in the same place. */
export interface EngineUnderTest {
  engine: EngineName;
  om: Omega;
  /** How another process opens the same context (the export benchmark's child). */
  args: ContextArgs;
  rawBytes: () => Promise<ByteTarget>;
  rawJson: () => Promise<JsonTarget>;
  rawTable: () => TableTarget;
  /** The raw `insert into t2 select * from t1` of the promotion benchmark. */
  rawCopy: () => RawCopyTarget;
}

export interface Engines {
  engines: EngineUnderTest[];
  pgServer: PgServerInfo | undefined;
  /** Set when PostgreSQL was not benchmarked. */
  notice: string | undefined;
}

/** SQLite in `home`, and PostgreSQL in a fresh database when `pgAdminUrl` is given. */
export async function openEngines(
  home: string,
  pgAdminUrl: string | undefined,
  cleanup: Cleanup,
  log: (message: string) => void,
): Promise<Engines> {
  const sqlite = await openSqliteBench(home, cleanup);
  const engines: EngineUnderTest[] = [
    {
      engine: 'sqlite',
      om: sqlite.om,
      args: sqlite.args,
      rawBytes: async () => fsByteTarget(sqlite.dir),
      rawJson: async () => sqliteJsonTarget(sqlite.dir),
      rawTable: () => sqliteTableTarget(sqlite.dir),
      rawCopy: () => sqliteCopyTarget(sqlite.dir, join(sqlite.dir, 'omega.db')),
    },
  ];
  if (!pgAdminUrl) {
    const notice = 'NOTICE: neither OMEGA_BENCH_PG_URL nor OMEGA_TEST_PG_URL is set: PostgreSQL was NOT benchmarked';
    log(notice);
    return { engines, pgServer: undefined, notice };
  }
  const pg = await openPgBench(pgAdminUrl, home, cleanup);
  log(`PostgreSQL ${pg.server.version}, database ${pg.database}`);
  engines.push({
    engine: 'postgres',
    om: pg.om,
    args: pg.args,
    rawBytes: () => pgByteTarget(pg.pool),
    rawJson: () => pgJsonTarget(pg.pool),
    rawTable: () => pgTableTarget(pg.pool),
    rawCopy: () => pgCopyTarget(pg.pool),
  });
  return { engines, pgServer: pg.server, notice: undefined };
}
