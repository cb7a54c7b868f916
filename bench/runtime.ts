import { mkdir } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { redactUrl } from '../src/config/urls.js';
import type { Cleanup } from './lib/cleanup.js';
import { tempHome } from './lib/contexts.js';
import { CpuMeter, localPid } from './lib/cpu.js';
import { collectGarbage } from './lib/memory.js';
import { omegaRuntimeTarget } from './lib/omega-runtime.js';
import { type RuntimeOp, type RuntimeTarget, rawBullmqTarget } from './lib/raw-bullmq.js';
import type { RuntimeOptions } from './lib/runtime-options.js';
import { SMALL_MODEL, type SmallModel, trainSmallModel } from './lib/small-model.js';
import { type LatencyStats, latencyStats, median } from './lib/timing.js';
import { warnOnce } from './lib/warnings.js';

type Side = 'raw' | 'omega';

/** The targets: omegats throughput ≥ 0.7 × raw BullMQ, p50 overhead ≤ 0.5 ms over raw. */
export const RUNTIME_TARGETS = { throughputRatio: 0.7, p50OverheadMs: 0.5 } as const;

/** CPU time per task in µs, of this (the client) process, the side's worker process and Redis. */
export interface CpuPerTask {
  client: number;
  worker: number;
  redis: number;
}

/** One latency run of one side: the round trip, split into submission (until queued) and the wait for the result. */
export interface LatencyRun {
  total: LatencyStats;
  submit: LatencyStats;
  wait: LatencyStats;
  cpu: CpuPerTask;
}

/** Medians over the runs of one side. */
export interface LatencySummary {
  p50: number;
  p99: number;
  mean: number;
  submitP50: number;
  waitP50: number;
  cpu: CpuPerTask;
}

export interface RuntimeLatencyResult {
  op: RuntimeOp;
  runs: Record<Side, LatencyRun[]>;
  raw: LatencySummary;
  omega: LatencySummary;
  /** omegats p50 − raw p50 (medians of the runs), in ms. */
  p50OverheadMs: number;
  ok: boolean;
}

export interface ThroughputRun {
  tasksPerSec: number;
  cpu: CpuPerTask;
}

export interface RuntimeThroughputResult {
  op: RuntimeOp;
  runs: Record<Side, ThroughputRun[]>;
  /** Tasks per second (medians of the runs). */
  raw: number;
  omega: number;
  /** CPU per task (medians of the runs). */
  cpu: Record<Side, CpuPerTask>;
  /** omegats / raw, of the medians. */
  ratio: number;
  ok: boolean;
}

export interface RuntimeResult {
  redis: { url: string; version: string; pid: number | null };
  concurrency: number;
  latencyCount: number;
  latencyWarmup: number;
  throughputTasks: number;
  inFlight: number;
  runs: number;
  model: typeof SMALL_MODEL;
  paths: Record<Side, string>;
  targets: typeof RUNTIME_TARGETS;
  latency: RuntimeLatencyResult[];
  throughput: RuntimeThroughputResult[];
}

const OPS: readonly RuntimeOp[] = ['ping', 'predict'];

/**
 * `ping` and `predict` of one row on a small model through omegats (om.runtime → `om worker`)
 * and through raw BullMQ (queue.add → Worker → waitUntilFinished), on the same Redis, each with
 * ONE worker process of the same concurrency: sequential round-trip latency, then throughput with
 * a fixed number of tasks in flight. Runs alternate raw and omegats; medians of the runs are reported.
 */
export async function benchRuntime(
  options: RuntimeOptions & { redisUrl: string },
  baseDir: string,
  cleanup: Cleanup,
  log: (message: string) => void,
): Promise<RuntimeResult> {
  // With tasks in flight, BullMQ's job.waitUntilFinished() adds a `closing` listener per task to the
  // queue: omegats does not raise the queue's limit of 10, so Node warns; once is enough here.
  const restoreWarnings = warnOnce(log);
  try {
    return await measure(options, baseDir, cleanup, log);
  } finally {
    restoreWarnings();
  }
}

async function measure(
  options: RuntimeOptions & { redisUrl: string },
  baseDir: string,
  cleanup: Cleanup,
  log: (message: string) => void,
): Promise<RuntimeResult> {
  const redis = { url: redactUrl(options.redisUrl), ...(await redisServer(options.redisUrl)) };
  log(`runtime: Redis ${redis.version} at ${redis.url}`);
  const home = await tempHome(baseDir, cleanup);
  const small = trainSmallModel();
  let nodeFlags: string[] | undefined;
  if (options.profileDir) {
    await mkdir(options.profileDir, { recursive: true });
    nodeFlags = ['--cpu-prof', '--cpu-prof-dir', options.profileDir];
    log(`runtime: workers write CPU profiles to ${options.profileDir} when they stop`);
  }
  const flags = nodeFlags ? { nodeFlags } : {};
  const raw = await rawBullmqTarget(
    { redisUrl: options.redisUrl, concurrency: options.concurrency, modelJson: small.json, dir: home, ...flags },
    cleanup,
  );
  const omega = await omegaRuntimeTarget(
    { home, redisUrl: options.redisUrl, concurrency: options.concurrency, model: small.model, ...flags },
    cleanup,
  );
  log(`runtime: ${omega.worker}`);
  const targets: Record<Side, RuntimeTarget> = { raw, omega: omega.target };
  const meters: Record<Side, CpuMeter<keyof CpuPerTask>> = {
    raw: new CpuMeter({ client: process.pid, worker: raw.workerPid, redis: redis.pid ?? undefined }),
    omega: new CpuMeter({ client: process.pid, worker: omega.target.workerPid, redis: redis.pid ?? undefined }),
  };

  const latency: RuntimeLatencyResult[] = [];
  for (const op of OPS) {
    log(
      `runtime: ${op} latency, ${options.runs} runs per side × ${options.latencyCount} sequential round trips (after ${options.latencyWarmup} unmeasured)`,
    );
    const runs: Record<Side, LatencyRun[]> = { raw: [], omega: [] };
    for (let run = 0; run < options.runs; run++) {
      for (const side of order(run)) {
        const check = checker(targets[side].label, op, small);
        await sequential(targets[side], op, small, options.latencyWarmup, check);
        collectGarbage();
        meters[side].start();
        const measured = await sequential(targets[side], op, small, options.latencyCount, check);
        runs[side].push({ ...measured, cpu: perTask(meters[side].stop(), options.latencyCount) });
      }
    }
    const rawSummary = summarize(runs.raw);
    const omegaSummary = summarize(runs.omega);
    const p50OverheadMs = omegaSummary.p50 - rawSummary.p50;
    latency.push({
      op,
      runs,
      raw: rawSummary,
      omega: omegaSummary,
      p50OverheadMs,
      ok: p50OverheadMs <= RUNTIME_TARGETS.p50OverheadMs,
    });
  }

  const throughput: RuntimeThroughputResult[] = [];
  for (const op of OPS) {
    log(
      `runtime: ${op} throughput, ${options.runs} runs per side × ${options.throughputTasks} tasks, ${options.inFlight} in flight, worker concurrency ${options.concurrency}`,
    );
    const runs: Record<Side, ThroughputRun[]> = { raw: [], omega: [] };
    for (let run = 0; run < options.runs; run++) {
      for (const side of order(run)) {
        const check = checker(targets[side].label, op, small);
        await inFlight(targets[side], op, small, options.inFlight * 4, options.inFlight, check);
        collectGarbage();
        meters[side].start();
        const started = performance.now();
        await inFlight(targets[side], op, small, options.throughputTasks, options.inFlight, check);
        const tasksPerSec = options.throughputTasks / ((performance.now() - started) / 1000);
        runs[side].push({ tasksPerSec, cpu: perTask(meters[side].stop(), options.throughputTasks) });
      }
    }
    const rawRate = median(runs.raw.map((r) => r.tasksPerSec));
    const omegaRate = median(runs.omega.map((r) => r.tasksPerSec));
    const ratio = omegaRate / rawRate;
    throughput.push({
      op,
      runs,
      raw: rawRate,
      omega: omegaRate,
      cpu: { raw: medianCpu(runs.raw), omega: medianCpu(runs.omega) },
      ratio,
      ok: ratio >= RUNTIME_TARGETS.throughputRatio,
    });
  }

  return {
    redis,
    concurrency: options.concurrency,
    latencyCount: options.latencyCount,
    latencyWarmup: options.latencyWarmup,
    throughputTasks: options.throughputTasks,
    inFlight: options.inFlight,
    runs: options.runs,
    model: SMALL_MODEL,
    paths: { raw: raw.path, omega: omega.target.path },
    targets: RUNTIME_TARGETS,
    latency,
    throughput,
  };
}

/** Even runs start with raw, odd ones with omegats, so drift in the machine touches both. */
function order(run: number): readonly Side[] {
  return run % 2 === 0 ? ['raw', 'omega'] : ['omega', 'raw'];
}

type Check = (index: number, result: unknown) => void;

/** Every result is checked: a pong with a message, or the model's own prediction of the row. */
function checker(label: string, op: RuntimeOp, small: SmallModel): Check {
  if (op === 'ping') {
    return (_, result) => {
      if (typeof (result as { message?: unknown } | null)?.message !== 'string')
        throw new Error(`${label} ping: no message in ${JSON.stringify(result)}`);
    };
  }
  return (index, result) => {
    const expected = small.expected[index % small.expected.length];
    if (!Array.isArray(result) || result.length !== 1 || result[0] !== expected)
      throw new Error(`${label} predict: ${JSON.stringify(result)}, not [${expected}]`);
  };
}

/** `count` round trips one after another: each sample is the submission and then the wait. */
async function sequential(
  target: RuntimeTarget,
  op: RuntimeOp,
  small: SmallModel,
  count: number,
  check: Check,
): Promise<Omit<LatencyRun, 'cpu'>> {
  const total: number[] = [];
  const submit: number[] = [];
  const wait: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const sent = target.send(op, small.inputs[i % small.inputs.length] ?? []);
    // A failed submission rejects both; the result's rejection is seen below, not left unhandled.
    sent.result.catch(() => undefined);
    await sent.submitted();
    const queued = performance.now();
    const result = await sent.result;
    const ended = performance.now();
    check(i, result);
    total.push(ended - started);
    submit.push(queued - started);
    wait.push(ended - queued);
  }
  return { total: latencyStats(total), submit: latencyStats(submit), wait: latencyStats(wait) };
}

/** `count` tasks with `lanes` in flight at any time: a lane sends its next task when its last one ends. */
async function inFlight(
  target: RuntimeTarget,
  op: RuntimeOp,
  small: SmallModel,
  count: number,
  lanes: number,
  check: Check,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const i = next++;
      check(i, await target.send(op, small.inputs[i % small.inputs.length] ?? []).result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
}

function summarize(runs: readonly LatencyRun[]): LatencySummary {
  return {
    p50: median(runs.map((r) => r.total.p50)),
    p99: median(runs.map((r) => r.total.p99)),
    mean: median(runs.map((r) => r.total.mean)),
    submitP50: median(runs.map((r) => r.submit.p50)),
    waitP50: median(runs.map((r) => r.wait.p50)),
    cpu: medianCpu(runs),
  };
}

/** CPU ms of a run to µs per task. */
function perTask(used: CpuPerTask, tasks: number): CpuPerTask {
  return {
    client: (used.client * 1000) / tasks,
    worker: (used.worker * 1000) / tasks,
    redis: (used.redis * 1000) / tasks,
  };
}

function medianCpu(runs: readonly { cpu: CpuPerTask }[]): CpuPerTask {
  return {
    client: median(runs.map((r) => r.cpu.client)),
    worker: median(runs.map((r) => r.cpu.worker)),
    redis: median(runs.map((r) => r.cpu.redis)),
  };
}

/** The server's version, and its pid when it runs on this machine (for its CPU time). */
async function redisServer(url: string): Promise<{ version: string; pid: number | null }> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const info = await redis.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    return {
      version: /redis_version:(\S+)/.exec(info)?.[1] ?? '?',
      pid: localPid(Number.isInteger(pid) ? pid : undefined, 'redis') ?? null,
    };
  } finally {
    redis.disconnect();
  }
}
