// Archives (API.md §14): export and import of a 1,000,000-row table and of a 50 MB file, each in
// a child process of its own (its peak RSS is the archive's), against `tar czf` / `tar xzf` of
// the same bytes on disk (the archive's entries unpacked). SQLite → SQLite, and an import into
// PostgreSQL (a fresh database, dropped after) when OMEGA_BENCH_PG_URL or OMEGA_TEST_PG_URL is set.
//   npx tsx bench/archive-bench.ts [rows] [fileMB]
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type Row, RowChunks } from '../src/datasets/types.js';
import { setup } from '../src/setup.js';
import type { ArchiveJob, ArchiveReport } from './lib/archive-child.js';
import { benchRows } from './lib/table-rows.js';
import { MiB } from './lib/timing.js';

const ROWS = Number(process.argv[2] ?? 1_000_000);
const FILE_MB = Number(process.argv[3] ?? 50);
const CHILD = fileURLToPath(new URL('./lib/archive-child.ts', import.meta.url));
const CHUNK = 100_000;
const PG_ADMIN = process.env.OMEGA_BENCH_PG_URL || process.env.OMEGA_TEST_PG_URL || undefined;

/** Runs one statement on the PostgreSQL server as its admin. */
async function pgAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function child(job: ArchiveJob): ArchiveReport {
  const result = spawnSync(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(job)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`archive child (${job.mode}) failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as ArchiveReport;
}

/** Seconds `tar args` takes. */
function tar(args: string[]): number {
  const started = performance.now();
  const result = spawnSync('tar', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`tar ${args.join(' ')} failed: ${result.stderr}`);
  return (performance.now() - started) / 1000;
}

function bytesUnder(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

const mbps = (bytes: number, seconds: number) => (bytes / MiB / seconds).toFixed(1).padStart(7);

async function main(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'omegats-archive-bench-'));
  try {
    const context = (name: string) => ({ home, context: name, store: `sqlite:${name}/omega.db` });
    const dev = await setup({ home, name: 'dev', store: 'sqlite:dev/omega.db', create: true });
    try {
      async function* chunks(): AsyncGenerator<Row[]> {
        for (let first = 0; first < ROWS; first += CHUNK) {
          yield benchRows(Math.min(CHUNK, ROWS - first), first).map((row) => ({ ...row }));
        }
      }
      await dev.datasets.put(new RowChunks(chunks()), 'big');
      await dev.datasets.put(randomBytes(FILE_MB * MiB), 'blob');
    } finally {
      await dev.close();
    }
    const cases = [
      { label: `table, ${ROWS.toLocaleString('en')} rows`, selector: 'datasets/big' },
      { label: `file, ${FILE_MB} MB`, selector: 'datasets/blob' },
    ];
    console.log('archive: MB/s of the archive content (entries unpacked); tar on the same bytes; peak RSS per process');
    for (const { label, selector } of cases) {
      const name = selector.slice('datasets/'.length);
      const archive = join(home, `${name}.omega.tgz`);
      const exported = child({ ...context('dev'), mode: 'export', selectors: [selector], path: archive });
      const imported = child({ ...context('prod'), mode: 'import', selectors: [], path: archive });
      const unpacked = join(home, `${name}-unpacked`);
      mkdirSync(unpacked);
      const xzf = tar(['xzf', archive, '-C', unpacked]);
      const czf = tar(['czf', join(home, `${name}.tar.tgz`), '-C', unpacked, '.']);
      const bytes = bytesUnder(unpacked);
      const [exportS, importS] = [exported.ms / 1000, imported.ms / 1000];
      console.log(
        `${label}: content ${(bytes / MiB).toFixed(1)} MB, archive ${(statSync(archive).size / MiB).toFixed(1)} MB`,
      );
      console.log(
        `  export ${mbps(bytes, exportS)} MB/s (${exportS.toFixed(2)} s)  peak RSS ${exported.peakRssMB.toFixed(0)} MB` +
          `   tar czf ${mbps(bytes, czf)} MB/s (${czf.toFixed(2)} s)   ratio ${(czf / exportS).toFixed(2)}`,
      );
      console.log(
        `  import ${mbps(bytes, importS)} MB/s (${importS.toFixed(2)} s)  peak RSS ${imported.peakRssMB.toFixed(0)} MB` +
          `   tar xzf ${mbps(bytes, xzf)} MB/s (${xzf.toFixed(2)} s)   ratio ${(xzf / importS).toFixed(2)}`,
      );
      if (PG_ADMIN) {
        const database = `omegats_archive_bench_${process.pid}`;
        const url = new URL(PG_ADMIN);
        url.pathname = `/${database}`;
        await pgAdmin(`create database ${database}`);
        try {
          const job = { home, context: 'pg', store: url.toString() };
          const pgImport = child({ ...job, mode: 'import', selectors: [], path: archive });
          const seconds = pgImport.ms / 1000;
          console.log(
            `  import into PostgreSQL ${mbps(bytes, seconds)} MB/s (${seconds.toFixed(2)} s)  peak RSS ${pgImport.peakRssMB.toFixed(0)} MB` +
              `   ratio to tar xzf ${(xzf / seconds).toFixed(2)}`,
          );
        } finally {
          await pgAdmin(`drop database if exists ${database} with (force)`);
        }
      }
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
