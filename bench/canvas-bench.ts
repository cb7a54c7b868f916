// Canvas (API.md §13) on BullMQ: a parallel flow of many tiny predictions through omegats against
// BullMQ's FlowProducer with the same children, on the same Redis and the same worker concurrency
// (tasks/s, ratio); and a 20-step sequence against the same 20 tasks submitted one by one
// (overhead per step). Needs OMEGA_BENCH_REDIS_URL or OMEGA_TEST_REDIS_URL.
//   npx tsx bench/canvas-bench.ts [tasks] [runs]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { resolveContext } from '../src/config/context-spec.js';
import type { Omega } from '../src/omega.js';
import { flowsQueueName, PREFIX } from '../src/runtime/bullmq/broker.js';
import { openContext } from '../src/setup.js';
import { Cleanup } from './lib/cleanup.js';
import { startFileLoggedChild } from './lib/file-logged-child.js';
import { dropQueue, MODEL_NAME } from './lib/omega-runtime.js';
import { rawFlows } from './lib/raw-flow.js';
import { trainSmallModel } from './lib/small-model.js';
import { median } from './lib/timing.js';

const TASKS = Number(process.argv[2] ?? 1000);
const RUNS = Number(process.argv[3] ?? 3);
const CONCURRENCY = Number(process.env.OMEGA_BENCH_RUNTIME_CONCURRENCY ?? 8);
const SEQUENCE_STEPS = 20;
const REDIS = process.env.OMEGA_BENCH_REDIS_URL || process.env.OMEGA_TEST_REDIS_URL;
/** The target: omegats's parallel flow at least 0.7 × raw FlowProducer's tasks/s. */
const TARGET_RATIO = 0.7;

async function seconds(work: () => PromiseLike<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return (performance.now() - started) / 1000;
}

/** Removes the context's `.flows` queue (dropQueue removes the label's). */
async function dropFlowsQueue(redisUrl: string, context: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    const queue = new Queue(flowsQueueName(context), { connection, prefix: PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
  } finally {
    await connection.quit();
  }
}

/** The built `om` (npm run bench builds first): the worker runs as users run it. */
const CLI = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

/**
 * omegats's side: a context `bench-canvas-<random>` (SQLite store, the Redis broker) holding the
 * model, and ONE `om worker --concurrency C` whose task lines go to a file, as a log collector
 * would take them (read by this process, they would cost it more than the flows).
 */
async function omegaSide(home: string, redisUrl: string, model: object, cleanup: Cleanup): Promise<Omega> {
  const context = `bench-canvas-${randomBytes(4).toString('hex')}`;
  const config = join(home, 'config.yml');
  writeFileSync(
    config,
    `contexts:\n  ${context}:\n    store: sqlite:contexts/${context}/omega.db\n    broker: ${redisUrl}\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, OMEGA_HOME: home, OMEGA_CONFIG: config };
  for (const key of ['OMEGA_CONTEXT', 'OMEGA_STORE_URL', 'OMEGA_BROKER_URL', 'OMEGA_BUCKET', 'OMEGA_LOCAL_RUNTIME']) {
    delete env[key];
  }
  cleanup.defer(`obliterate the queues of ${context}`, async () => {
    await dropQueue(redisUrl, context);
    await dropFlowsQueue(redisUrl, context);
  });
  const om = await openContext(resolveContext({ home, config, context, local: false }, undefined, env));
  cleanup.defer(`close the omegats context ${context}`, () => om.close());
  await om.models.put(model, MODEL_NAME);
  const worker = await startFileLoggedChild({
    label: 'om worker',
    script: CLI,
    args: ['worker', '--context', context, '--concurrency', String(CONCURRENCY), '--grace', '5'],
    env,
    logFile: join(home, 'worker.log'),
    readyPrefix: 'worker ',
  });
  cleanup.defer(`stop the om worker (pid ${worker.pid})`, () => worker.stop());
  return om;
}

async function main(redisUrl: string): Promise<void> {
  const cleanup = new Cleanup();
  const home = mkdtempSync(join(tmpdir(), 'omegats-canvas-bench-'));
  cleanup.defer('remove the bench home', () => rmSync(home, { recursive: true, force: true }));
  try {
    const small = trainSmallModel();
    const rows = Array.from({ length: TASKS }, (_, i) => small.inputs[i % small.inputs.length] as number[]);
    const raw = await rawFlows({ redisUrl, concurrency: CONCURRENCY, modelJson: small.json, dir: home }, cleanup);
    const om = await omegaSide(home, redisUrl, small.model, cleanup);
    const parallel = (o: Omega) =>
      o.runtime
        .parallel((crt) => {
          for (const row of rows) crt.model(MODEL_NAME).predict([row]);
        })
        .run();

    // Warm both sides (worker model caches, connections, the flows queue's reader).
    const check = (await parallel(om)) as number[][];
    if (check.some((result, i) => result[0] !== small.expected[i % small.inputs.length])) {
      throw new Error('omegats predictions differ from the model’s own');
    }
    await raw.parallel(rows);

    const rawRates: number[] = [];
    const omegaRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      rawRates.push(TASKS / (await seconds(() => raw.parallel(rows))));
      omegaRates.push(TASKS / (await seconds(() => parallel(om))));
    }
    const ratio = median(omegaRates) / median(rawRates);
    const verdict = ratio >= TARGET_RATIO ? 'ok' : 'BELOW TARGET';
    const list = (rates: number[]) => rates.map((r) => r.toFixed(0)).join(', ');
    console.log(`parallel flow of ${TASKS} predictions, worker concurrency ${CONCURRENCY}, ${RUNS} runs each:`);
    console.log(
      `  raw BullMQ FlowProducer  ${median(rawRates).toFixed(0).padStart(6)} tasks/s  (runs: ${list(rawRates)})`,
    );
    console.log(
      `  omegats parallel flow    ${median(omegaRates).toFixed(0).padStart(6)} tasks/s  (runs: ${list(omegaRates)})`,
    );
    console.log(`  ratio ${ratio.toFixed(2)} × (target ≥ ${TARGET_RATIO}) ${verdict}`);

    const row = rows[0] as number[];
    const sequence = () =>
      om.runtime
        .sequence((crt) => {
          for (let i = 0; i < SEQUENCE_STEPS; i++) crt.model(MODEL_NAME).predict([row]);
        })
        .run();
    const oneByOne = async () => {
      for (let i = 0; i < SEQUENCE_STEPS; i++) await om.runtime.model(MODEL_NAME).predict([row]);
    };
    await sequence();
    await oneByOne();
    const flowTimes: number[] = [];
    const singleTimes: number[] = [];
    for (let run = 0; run < Math.max(5, RUNS); run++) {
      singleTimes.push(await seconds(oneByOne));
      flowTimes.push(await seconds(sequence));
    }
    const perStep = (times: number[]) => (median(times) * 1000) / SEQUENCE_STEPS;
    console.log(`sequence of ${SEQUENCE_STEPS} predictions (median of ${flowTimes.length} runs):`);
    console.log(`  one by one (await each)  ${perStep(singleTimes).toFixed(2).padStart(6)} ms per task`);
    console.log(`  omegats sequence flow    ${perStep(flowTimes).toFixed(2).padStart(6)} ms per step`);
    console.log(`  overhead ${(perStep(flowTimes) - perStep(singleTimes)).toFixed(2)} ms per step`);
  } finally {
    for (const failure of await cleanup.run()) console.error(`cleanup failed: ${failure}`);
  }
}

if (REDIS) await main(REDIS);
else console.log('neither OMEGA_BENCH_REDIS_URL nor OMEGA_TEST_REDIS_URL is set: no canvas numbers');
