import { tmpdir } from 'node:os';
import { MiB } from './timing.js';

/** The benchmarks, in the order they run (bench/benches.ts). */
export const PARTS = [
  'file',
  'json',
  'table',
  'table-300k',
  'export',
  'promotion',
  'promotion-300k',
  'models',
  'runtime',
  'rest',
  'rest-datasets',
  'jobs',
  'schedules',
  'archive',
  'lineage',
  'canvas',
] as const;

export type BenchPart = (typeof PARTS)[number];

export interface BenchOptions {
  /** Size of the file put and got (OMEGA_BENCH_FILE_MB, default 50). */
  fileBytes: number;
  /** Repetitions of the file and table benchmarks; the median is reported (OMEGA_BENCH_REPEAT, default 3). */
  repeat: number;
  /** Number of small JSON objects (OMEGA_BENCH_JSON_COUNT, default 1000). */
  jsonCount: number;
  /** Unmeasured operations before the measured ones, per target. */
  jsonWarmup: number;
  /** Rows of the table put/get/count benchmark (OMEGA_BENCH_TABLE_ROWS, default 1,000,000). */
  tableRows: number;
  /** Rows of the CSV export benchmark (OMEGA_BENCH_EXPORT_ROWS, default 5,000,000). */
  exportRows: number;
  /** Rows of the promoted dataset (OMEGA_BENCH_PROMOTE_ROWS, default 1,000,000). */
  promoteRows: number;
  /** Rows of the table-300k and promotion-300k cases (OMEGA_BENCH_HOT_ROWS, default 300,000). */
  hotRows: number;
  /** Alternating raw/omegats pairs of those cases; the median is reported (OMEGA_BENCH_HOT_REPEAT, default 7). */
  hotRepeat: number;
  /** Measured put/get rounds of the models benchmark (OMEGA_BENCH_MODEL_REPEAT, default 20). */
  modelRepeat: number;
  /** Rows predicted per run of the predict benchmark (OMEGA_BENCH_PREDICT_ROWS, default 10,000). */
  predictRows: number;
  /** Where the temporary OMEGA_HOME is created (OMEGA_BENCH_DIR, default the OS temp folder). */
  baseDir: string;
  /** Admin URL of a PostgreSQL server (OMEGA_BENCH_PG_URL, else OMEGA_TEST_PG_URL). */
  pgAdminUrl: string | undefined;
  /** Which benchmarks run (OMEGA_BENCH_ONLY: a comma-separated list of PARTS, default all). */
  parts: ReadonlySet<BenchPart>;
}

export function readOptions(env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const only = parts(env.OMEGA_BENCH_ONLY?.trim());
  return {
    fileBytes: Math.round(positive(env, 'OMEGA_BENCH_FILE_MB', 50) * MiB),
    repeat: Math.round(positive(env, 'OMEGA_BENCH_REPEAT', 3)),
    jsonCount: Math.round(positive(env, 'OMEGA_BENCH_JSON_COUNT', 1000)),
    jsonWarmup: 50,
    tableRows: Math.round(positive(env, 'OMEGA_BENCH_TABLE_ROWS', 1_000_000)),
    exportRows: Math.round(positive(env, 'OMEGA_BENCH_EXPORT_ROWS', 5_000_000)),
    promoteRows: Math.round(positive(env, 'OMEGA_BENCH_PROMOTE_ROWS', 1_000_000)),
    hotRows: Math.round(positive(env, 'OMEGA_BENCH_HOT_ROWS', 300_000)),
    hotRepeat: Math.round(positive(env, 'OMEGA_BENCH_HOT_REPEAT', 7)),
    modelRepeat: Math.round(positive(env, 'OMEGA_BENCH_MODEL_REPEAT', 20)),
    predictRows: Math.round(positive(env, 'OMEGA_BENCH_PREDICT_ROWS', 10_000)),
    baseDir: env.OMEGA_BENCH_DIR || tmpdir(),
    pgAdminUrl: env.OMEGA_BENCH_PG_URL || env.OMEGA_TEST_PG_URL || undefined,
    parts: new Set<BenchPart>(only),
  };
}

/** A positive number from the environment, or `fallback` when unset. */
export function positive(env: NodeJS.ProcessEnv, key: string, fallback: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${key} must be a positive number, not ${raw}`);
  return value;
}

function parts(only: string | undefined): BenchPart[] {
  if (!only) return [...PARTS];
  return only.split(',').map((part) => {
    const name = part.trim() as BenchPart;
    if (!(PARTS as readonly string[]).includes(name))
      throw new Error(`OMEGA_BENCH_ONLY must list ${PARTS.join(', ')}; not ${only}`);
    return name;
  });
}
