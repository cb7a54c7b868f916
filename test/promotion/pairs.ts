// Two contexts, dev and prod, defined in one config.yml, each on its own engine: what the
// promotion tests promote between. Not a test file itself.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseStoreUrl, type StoreLocation } from '../../src/config/urls.js';
import { type Omega, setup } from '../../src/index.js';
import { DecisionTreeClassifier } from '../../src/models/mljs/lib.js';
import { ENGINES, type EngineName, PG_URL, type TestSite, testSite } from '../helpers/engines.js';
import { irisLike } from '../models/mljs/fixtures.js';
import { type RawStore, rawStoreAt } from '../storage/raw.js';

// The contexts come from the test's own config: variables that would select or redirect one
// (here and in the children these tests spawn) are cleared.
for (const name of ['OMEGA_CONTEXT', 'OMEGA_CONFIG', 'OMEGA_STORE_URL', 'OMEGA_BROKER_URL', 'OMEGA_BUCKET']) {
  delete process.env[name];
}

export interface Pair {
  source: EngineName;
  target: EngineName;
}

/** dev → prod on one engine each: SQLite → SQLite always; with PostgreSQL also PG → PG and both ways across. */
export const PAIRS: Pair[] = PG_URL
  ? [
      { source: 'sqlite', target: 'sqlite' },
      { source: 'postgres', target: 'postgres' },
      { source: 'sqlite', target: 'postgres' },
      { source: 'postgres', target: 'sqlite' },
    ]
  : [{ source: 'sqlite', target: 'sqlite' }];

/** The pairs that cross engines (none without PostgreSQL). */
export const CROSS_PAIRS: Pair[] = PAIRS.filter((p) => p.source !== p.target);

export { ENGINES };

export function pairName({ source, target }: Pair): string {
  return `${source} → ${target}`;
}

export interface PairOptions {
  /** `promotion.conditions` of the prod context, per store. */
  prodConditions?: Record<string, string[]>;
}

/** A home whose config.yml defines contexts dev (the default) and prod. */
export interface ContextPair {
  home: string;
  dev: Omega;
  prod: Omega;
  devLocation: StoreLocation;
  prodLocation: StoreLocation;
  /** Another handle on a context (its own connections), as a second user would open it. */
  open(context: 'dev' | 'prod'): Promise<Omega>;
  close(): Promise<void>;
}

/** Writes the config of a dev/prod pair into a fresh home; open the contexts with `setup({ home, context })`. */
export function pairConfig(pair: Pair, options: PairOptions = {}): { home: string; sites: TestSite[] } {
  const devSite = testSite(pair.source);
  const prodSite = pair.target === pair.source ? devSite : testSite(pair.target);
  const sites = devSite === prodSite ? [devSite] : [devSite, prodSite];
  // SQLite URLs are relative to the home that holds the config.
  const home = pair.source === 'sqlite' || pair.target !== 'sqlite' ? devSite.home : prodSite.home;
  const promotion = options.prodConditions
    ? `\n    promotion: ${JSON.stringify({ conditions: options.prodConditions })}`
    : '';
  writeFileSync(
    join(home, 'config.yml'),
    `context: dev\ncontexts:\n  dev:\n    store: ${devSite.storeUrl()}\n  prod:\n    store: ${prodSite.storeUrl()}${promotion}\n`,
  );
  return { home, sites };
}

export async function openPair(pair: Pair, options: PairOptions = {}): Promise<ContextPair> {
  const { home, sites } = pairConfig(pair, options);
  const handles: Omega[] = [];
  const open = async (context: 'dev' | 'prod') => {
    const om = await setup({ home, context });
    handles.push(om);
    return om;
  };
  const dev = await open('dev');
  const prod = await open('prod');
  return {
    home,
    dev,
    prod,
    devLocation: dev.spec.store,
    prodLocation: prod.spec.store,
    open,
    async close() {
      for (const om of handles) await om.close();
      for (const site of sites) await site.cleanup();
    },
  };
}

/** Opens a dev/prod pair before the suite's tests and closes it after them. Call inside `describe`. */
export function pairSuite(pair: Pair, options: PairOptions = {}): { ctx: ContextPair } {
  const suite = {} as { ctx: ContextPair };
  before(async () => {
    suite.ctx = await openPair(pair, options);
  });
  after(async () => {
    await suite.ctx?.close();
  });
  return suite;
}

/** The raw view of a context's storage (tables, blobs), bypassing omegats. */
export function raw(location: StoreLocation): RawStore {
  return rawStoreAt(location);
}

export function storeLocation(home: string, url: string): StoreLocation {
  return parseStoreUrl(url, home, 'test');
}

/** Runs one statement on a context's database, bypassing omegats; `?` placeholders on both engines. */
export async function execRaw(location: StoreLocation, statement: string, values: unknown[] = []): Promise<void> {
  if (location.engine === 'sqlite') {
    const db = new Database(location.path, { fileMustExist: true });
    try {
      db.prepare(statement).run(...values);
    } finally {
      db.close();
    }
    return;
  }
  let n = 0;
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    await client.query(
      statement.replace(/\?/g, () => `$${++n}`),
      values,
    );
  } finally {
    await client.end();
  }
}

/** Makes every insert into the ledger of the context fail: a failure at the very end of a promotion's transaction. */
export async function breakLedger(location: StoreLocation): Promise<void> {
  if (location.engine === 'sqlite') {
    await execRaw(
      location,
      "create trigger test_no_ledger before insert on omega_promotion begin select raise(abort, 'ledger is broken'); end",
    );
    return;
  }
  await execRaw(
    location,
    `create function test_no_ledger() returns trigger language plpgsql as
     $$ begin raise exception 'ledger is broken'; end $$`,
  );
  await execRaw(
    location,
    'create trigger test_no_ledger before insert on omega_promotion for each row execute function test_no_ledger()',
  );
}

export async function repairLedger(location: StoreLocation): Promise<void> {
  const on = location.engine === 'postgres' ? ' on omega_promotion' : '';
  await execRaw(location, `drop trigger test_no_ledger${on}`);
}

const iris = irisLike(60, 7);

/** Iris-like rows for tables and runtime fits. */
export const IRIS_ROWS = iris.X.map(([sl, sw, pl, pw], i) => ({ sl, sw, pl, pw, species: iris.species[i] }));

/** Features of a few rows, for predictions. */
export const SAMPLE_X = iris.X.slice(0, 6);

/** An untrained ml.js decision tree. */
export function untrainedTree(): DecisionTreeClassifier {
  return new DecisionTreeClassifier({ minNumSamples: 2 });
}

/** A decision tree trained on the first `rows` iris-like rows: each `rows` gives other content, the same `rows` the same. */
export function trainedTree(rows = 60): DecisionTreeClassifier {
  const tree = untrainedTree();
  tree.train(iris.X.slice(0, rows), iris.classes.slice(0, rows));
  return tree;
}

/** The model's version (content hash) as metadata gives it. */
export function versionOf(meta: { kindMeta: Record<string, unknown> } | null): string {
  const version = meta?.kindMeta.version;
  if (typeof version !== 'string') throw new Error(`no version in ${JSON.stringify(meta)}`);
  return version;
}
