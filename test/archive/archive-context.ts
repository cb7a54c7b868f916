// Contexts the archive tests export from and import into: the target is on the OTHER engine
// when PostgreSQL is available. Not a test file itself.
import { join } from 'node:path';
import { after, before } from 'node:test';
import { type Omega, setup } from '../../src/index.js';
import { ENGINES, type EngineName, type TestSite, testSite } from '../helpers/engines.js';

/** source → target: each engine exports into the other one (SQLite → SQLite without PostgreSQL). */
export const ARCHIVE_PAIRS: { source: EngineName; target: EngineName }[] = ENGINES.map((source) => ({
  source,
  target: ENGINES.find((engine) => engine !== source) ?? source,
}));

export interface ArchivePair {
  dev: Omega;
  prod: Omega;
  /** A path for an archive in the source's home. */
  file(name: string): string;
  /** Where dev lives: its home and store URL. */
  devSite: { home: string; store: string };
}

/** Opens dev (on `source`) and prod (on `target`) before the suite, closes and removes them after. */
export function archivePair(source: EngineName, target: EngineName): ArchivePair {
  const pair = {} as ArchivePair;
  const sites: TestSite[] = [];
  before(async () => {
    const devSite = testSite(source);
    const prodSite = testSite(target);
    sites.push(devSite, prodSite);
    const devSpec = devSite.context('dev');
    pair.dev = await setup(devSpec);
    pair.devSite = { home: devSite.home, store: devSpec.store as string };
    pair.prod = await setup(prodSite.context('prod'));
    pair.file = (name) => join(devSite.home, name);
  });
  after(async () => {
    await pair.dev?.close();
    await pair.prod?.close();
    for (const site of sites) await site.cleanup();
  });
  return pair;
}
