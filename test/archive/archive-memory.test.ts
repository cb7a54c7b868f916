// An archive's table is imported in bounded memory (API.md §14): rows stream from the Parquet
// file, one row group at a time, into the target transaction. The child gets a 64 MB old space,
// which the rows held at once would overflow. (1,000,000 rows: bench/archive-bench.ts.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Omega, RowChunks, setup } from '../../src/index.js';
import { type TestSite, testSite } from '../helpers/engines.js';

const ROWS = 200_000;
const CHILD = fileURLToPath(new URL('../fixtures/archive-import-child.ts', import.meta.url));

async function* rows(): AsyncGenerator<Record<string, unknown>[]> {
  for (let first = 0; first < ROWS; first += 10_000) {
    yield Array.from({ length: 10_000 }, (_, i) => ({
      id: first + i,
      amount: (first + i) / 7,
      note: `row ${first + i} `.padEnd(120, 'x'),
      at: new Date(1_700_000_000_000 + (first + i) * 1000),
    }));
  }
}

describe('archive import in bounded memory', () => {
  let site: TestSite;
  let om: Omega;
  before(async () => {
    site = testSite('sqlite');
    om = await setup(site.context());
  });
  after(async () => {
    await om?.close();
    await site?.cleanup();
  });

  it(`imports ${ROWS} rows with a 64 MB heap, peak RSS under 300 MB`, async () => {
    await om.datasets.put(new RowChunks(rows()), 'big');
    const archive = join(site.home, 'big.omega.tgz');
    await om.datasets.toArchive('big', archive);
    const child = spawnSync(
      process.execPath,
      ['--max-old-space-size=64', '--import', 'tsx', CHILD, site.home, archive],
      { encoding: 'utf8' },
    );
    assert.equal(child.status, 0, child.stderr);
    const report = JSON.parse(child.stdout) as { rows: number; peakRssMB: number };
    assert.equal(report.rows, ROWS);
    assert.ok(report.peakRssMB < 300, `peak RSS ${report.peakRssMB.toFixed(0)} MB`);
  });
});
