import { resolve } from 'node:path';
import { positive } from './options.js';

/** Settings of the runtime benchmark (OMEGA_BENCH_ONLY=runtime), from the environment. */
export interface RuntimeOptions {
  /** OMEGA_BENCH_REDIS_URL, else OMEGA_TEST_REDIS_URL; without one the benchmark is skipped. */
  redisUrl: string | undefined;
  /** Concurrency of each side's one worker (OMEGA_BENCH_RUNTIME_CONCURRENCY, default 8). */
  concurrency: number;
  /** Measured sequential round trips per latency run (OMEGA_BENCH_RUNTIME_N, default 2000). */
  latencyCount: number;
  /** Unmeasured round trips before each latency run (OMEGA_BENCH_RUNTIME_WARMUP, default 200). */
  latencyWarmup: number;
  /** Tasks per throughput run (OMEGA_BENCH_RUNTIME_TASKS, default 5000). */
  throughputTasks: number;
  /** Tasks kept in flight during a throughput run (OMEGA_BENCH_RUNTIME_IN_FLIGHT, default 64). */
  inFlight: number;
  /** Runs of each side, alternating raw and omegats; medians are reported (OMEGA_BENCH_RUNTIME_RUNS, default 3). */
  runs: number;
  /** OMEGA_BENCH_RUNTIME_PROF=<dir>: both workers run with `--cpu-prof --cpu-prof-dir <dir>`. */
  profileDir: string | undefined;
}

export function readRuntimeOptions(env: NodeJS.ProcessEnv = process.env): RuntimeOptions {
  const count = (key: string, fallback: number) => Math.round(positive(env, key, fallback));
  return {
    redisUrl: env.OMEGA_BENCH_REDIS_URL || env.OMEGA_TEST_REDIS_URL || undefined,
    concurrency: count('OMEGA_BENCH_RUNTIME_CONCURRENCY', 8),
    latencyCount: count('OMEGA_BENCH_RUNTIME_N', 2000),
    latencyWarmup: count('OMEGA_BENCH_RUNTIME_WARMUP', 200),
    throughputTasks: count('OMEGA_BENCH_RUNTIME_TASKS', 5000),
    inFlight: count('OMEGA_BENCH_RUNTIME_IN_FLIGHT', 64),
    runs: count('OMEGA_BENCH_RUNTIME_RUNS', 3),
    profileDir: env.OMEGA_BENCH_RUNTIME_PROF ? resolve(env.OMEGA_BENCH_RUNTIME_PROF) : undefined,
  };
}
