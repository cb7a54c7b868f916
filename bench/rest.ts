import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { Cleanup } from './lib/cleanup.js';
import { tempHome } from './lib/contexts.js';
import { positive } from './lib/options.js';
import {
  openBenchContext,
  type PredictContext,
  type RestServerKind,
  startPredictServer,
} from './lib/predict-servers.js';
import { trainSmallModel } from './lib/small-model.js';
import { median } from './lib/timing.js';

/** The targets: through omegats ≥ 0.8 × a bare Fastify handler; auth on ≥ 0.95 × auth off. */
export const REST_TARGETS = { serverRatio: 0.8, authRatio: 0.95 } as const;

export interface RestOptions {
  /** Seconds of each autocannon run (OMEGA_BENCH_REST_SECONDS, default 10). */
  seconds: number;
  /** Rounds of the four servers, alternating; the median run is reported (OMEGA_BENCH_REST_REPEAT, default 3). */
  repeat: number;
  /** Connections of each run (64). */
  connections: number;
  /** Tasks of the async run (OMEGA_BENCH_REST_TASKS, default 5,000). */
  asyncTasks: number;
}

/** One autocannon run: requests per second, latency percentiles in ms, failures. */
export interface RestRun {
  requestsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  failed: number;
}

export interface RestResult {
  options: RestOptions;
  bare: RestRun;
  bareRuntime: RestRun;
  omega: RestRun;
  omegaAuth: RestRun;
  /** omegats (auth off) over bare, in requests per second: the median of the rounds' ratios. */
  serverRatio: number;
  /** omegats (auth off) over a bare handler calling the runtime: what the REST layer costs. */
  layerRatio: number;
  /** omegats with auth over without: the median of the rounds' ratios. */
  authRatio: number;
  /** Each round's ratios: its two runs ran back to back, so a load that comes and goes hits both. */
  roundRatios: { server: number[]; auth: number[] };
  async: { tasks: number; seconds: number; tasksPerSec: number };
  ok: boolean;
}

const MODEL = 'small';
const KINDS: readonly RestServerKind[] = ['bare', 'bare-runtime', 'omega', 'omega-auth'];

export function readRestOptions(env: NodeJS.ProcessEnv = process.env): RestOptions {
  return {
    seconds: Math.round(positive(env, 'OMEGA_BENCH_REST_SECONDS', 10)),
    repeat: Math.round(positive(env, 'OMEGA_BENCH_REST_REPEAT', 3)),
    connections: 64,
    asyncTasks: Math.round(positive(env, 'OMEGA_BENCH_REST_TASKS', 5000)),
  };
}

/**
 * predict of a small model, 1 row, over loopback: a bare Fastify handler calling the restored
 * model, the real `om serve` without and with auth (each server in its own process, one after
 * the other), then the async path: tasks submitted with ?async=true and polled.
 */
export async function benchRest(
  options: RestOptions,
  baseDir: string,
  cleanup: Cleanup,
  log: (message: string) => void,
): Promise<RestResult> {
  const home = await tempHome(baseDir, cleanup);
  const small = trainSmallModel();
  const om = await openBenchContext(home);
  await om.models.put(small.model, MODEL);
  await om.close();
  const context: PredictContext = { home, model: MODEL };
  const body = JSON.stringify({ data: [small.inputs[0]] });
  const samples: Record<RestServerKind, RestRun[]> = { bare: [], 'bare-runtime': [], omega: [], 'omega-auth': [] };
  // Rounds alternate the servers, so that a load that comes and goes hits each of them alike.
  for (let round = 1; round <= options.repeat; round++) {
    for (const kind of KINDS) {
      log(
        `rest ${round}/${options.repeat}: ${kind}, predict 1 row, ${options.connections} connections, ${options.seconds} s`,
      );
      const run = await predictLoad(kind, context, body, options);
      samples[kind].push(run);
      log(`rest ${round}/${options.repeat}: ${kind}: ${Math.round(run.requestsPerSec)} req/s`);
    }
  }
  const runs = Object.fromEntries(KINDS.map((kind) => [kind, medianRun(samples[kind])])) as Record<
    RestServerKind,
    RestRun
  >;
  log(
    `rest: async, ${options.asyncTasks} tasks submitted with ?async=true and polled, ${options.connections} at a time`,
  );
  const server = await startPredictServer('omega', context);
  const asyncRun = await asyncTasks(new URL(server.url).origin, body, options.asyncTasks, options.connections).finally(
    () => server.stop(),
  );
  const perRound = (over: RestServerKind, under: RestServerKind) =>
    samples[over].map((run, round) => run.requestsPerSec / (samples[under][round] as RestRun).requestsPerSec);
  const roundRatios = { server: perRound('omega', 'bare'), auth: perRound('omega-auth', 'omega') };
  const serverRatio = median(roundRatios.server);
  const authRatio = median(roundRatios.auth);
  const layerRatio = runs.omega.requestsPerSec / runs['bare-runtime'].requestsPerSec;
  const failed = Object.values(runs).some((run) => run.failed > 0);
  return {
    options,
    bare: runs.bare,
    bareRuntime: runs['bare-runtime'],
    omega: runs.omega,
    omegaAuth: runs['omega-auth'],
    serverRatio,
    layerRatio,
    authRatio,
    roundRatios,
    async: asyncRun,
    ok: !failed && serverRatio >= REST_TARGETS.serverRatio && authRatio >= REST_TARGETS.authRatio,
  };
}

/** One autocannon run of PUT predict against a fresh server of `kind`. */
async function predictLoad(
  kind: RestServerKind,
  context: PredictContext,
  body: string,
  options: RestOptions,
): Promise<RestRun> {
  const server = await startPredictServer(kind, context);
  try {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (server.key) headers.authorization = `Bearer ${server.key}`;
    const result = await autocannon({
      url: server.url,
      method: 'PUT',
      headers,
      body,
      connections: options.connections,
      duration: options.seconds,
    });
    return {
      requestsPerSec: result.requests.average,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      failed: result.non2xx + result.errors + result.timeouts,
    };
  } finally {
    await server.stop();
  }
}

/** The run of median throughput (its latencies with it); failures of every run added up. */
function medianRun(runs: readonly RestRun[]): RestRun {
  const sorted = [...runs].sort((x, y) => x.requestsPerSec - y.requestsPerSec);
  const middle = sorted[Math.floor(sorted.length / 2)] as RestRun;
  return { ...middle, failed: runs.reduce((sum, run) => sum + run.failed, 0) };
}

/** Submits `count` predict tasks with ?async=true, `parallel` at a time, each polled until done. */
async function asyncTasks(base: string, body: string, count: number, parallel: number): Promise<RestResult['async']> {
  let next = 0;
  const one = async (): Promise<void> => {
    const accepted = await fetch(`${base}/api/v1/model/${MODEL}/predict?async=true`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body,
    });
    await accepted.arrayBuffer();
    if (accepted.status !== 202) throw new Error(`async submit answered ${accepted.status}`);
    const location = `${base}${accepted.headers.get('location')}`;
    for (;;) {
      const polled = await fetch(location);
      await polled.arrayBuffer();
      if (polled.status === 200) return;
      if (polled.status !== 202) throw new Error(`async poll answered ${polled.status}`);
    }
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        next += 1;
        await one();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { tasks: count, seconds, tasksPerSec: count / seconds };
}
