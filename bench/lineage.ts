/**
 * Bundle promotion and lineage: a model with its training table (ROWS rows) promoted dev → prod
 * as one bundle (one target transaction) against the same two objects promoted one after the
 * other (two transactions), alternating, medians; a bundle's dry run; `lineage()` of a model with
 * VERSIONS versions followed into its source context. dev is SQLite; prod is SQLite, or
 * PostgreSQL with OMEGA_BENCH_PG_URL (then the table streams across engines).
 *
 *   npx tsx bench/lineage.ts [rows, default 100000] [repeat, default 3]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DecisionTreeClassifier } from '../src/models/mljs/lib.js';
import type { Omega } from '../src/omega.js';
import { setup } from '../src/setup.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const REPEAT = Number(process.argv[3] ?? 3);
const VERSIONS = 20;
const PG_URL = process.env.OMEGA_BENCH_PG_URL;

function tree(samples: number): DecisionTreeClassifier {
  const model = new DecisionTreeClassifier({ minNumSamples: 2 });
  const X = Array.from({ length: samples }, (_, i) => [i % 7, (i * 3) % 11]);
  model.train(
    X,
    X.map(([a]) => ((a as number) > 3 ? 1 : 0)),
  );
  return model;
}

async function ms(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'omegats-bench-lineage-'));
  const prodStore = PG_URL
    ? Object.assign(new URL(PG_URL), { pathname: `/omegats_bench_${randomBytes(4).toString('hex')}` }).toString()
    : 'sqlite:contexts/prod/omega.db';
  writeFileSync(
    join(home, 'config.yml'),
    `context: dev\ncontexts:\n  dev:\n    store: sqlite:contexts/dev/omega.db\n  prod:\n    store: ${prodStore}\n`,
  );
  const handles: Omega[] = [];
  try {
    const dev = await setup({ home, context: 'dev' });
    const prod = await setup({ home, context: 'prod' });
    handles.push(dev, prod);
    await dev.datasets.put(
      Array.from({ length: ROWS }, (_, i) => ({ a: i % 7, b: (i * 3) % 11, y: i % 2 })),
      'train',
    );
    const trainedOn = {
      X: { context: 'dev', bucket: 'default', name: 'train[a,b]', revision: 1 },
      Y: { context: 'dev', bucket: 'default', name: 'train[y]', revision: 1 },
    };
    for (let v = 0; v < VERSIONS; v++) await dev.models.put(tree(20 + v), 'm', { trainedOn });

    const separate: number[] = [];
    const bundle: number[] = [];
    const dry: number[] = [];
    const oneByOne = () =>
      ms(async () => {
        await dev.datasets.promote('train', prod.datasets);
        await dev.models.promote('m', prod.models);
      });
    const together = () => ms(() => dev.models.promote('m', prod.models, { with: 'datasets' }));
    for (let r = 0; r < REPEAT; r++) {
      if (r % 2 === 0) {
        separate.push(await oneByOne());
        bundle.push(await together());
      } else {
        bundle.push(await together());
        separate.push(await oneByOne());
      }
      dry.push(await ms(() => dev.models.promote('m', prod.models, { with: 'datasets', dryRun: true })));
    }
    const lineage: number[] = [];
    for (let r = 0; r < 10; r++) lineage.push(await ms(() => prod.lineage('models/m')));
    const promotions = (await prod.lineage('models/m')).promotions.length;

    const row = (what: string, values: number[]) => ({ what, 'median ms': median(values).toFixed(1) });
    console.log(
      `dev sqlite → prod ${PG_URL ? 'postgres' : 'sqlite'} (across contexts), ${ROWS} rows + a model, ${REPEAT} rounds alternating`,
    );
    console.table([
      row('two promotions (table, then model)', separate),
      row('one bundle (with: datasets)', bundle),
      row('bundle dry run', dry),
      row(`lineage, ${VERSIONS} versions, ${promotions} promotions followed into dev`, lineage),
    ]);
    console.log(`bundle / two promotions: ${(median(bundle) / median(separate)).toFixed(2)}`);
  } finally {
    for (const om of handles) await om.close();
    rmSync(home, { recursive: true, force: true });
    if (PG_URL) {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop database if exists ${new URL(prodStore).pathname.slice(1)} with (force)`);
      await client.end();
    }
  }
}

await main();
