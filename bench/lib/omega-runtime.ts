import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { stringify } from 'yaml';
import { resolveContext } from '../../src/config/context-spec.js';
import type { Omega } from '../../src/omega.js';
import { labelsKey, PREFIX, queueName } from '../../src/runtime/bullmq/broker.js';
import { openContext } from '../../src/setup.js';
import type { Cleanup } from './cleanup.js';
import type { RuntimeTarget } from './raw-bullmq.js';
import { startWorkerChild } from './worker-child.js';

/** The built `om` (npm run bench builds first): the worker runs as users run it. */
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/** The environment variables that would override the benchmark's config (README: env overrides). */
const OVERRIDES = [
  'OMEGA_HOME',
  'OMEGA_CONFIG',
  'OMEGA_CONTEXT',
  'OMEGA_STORE_URL',
  'OMEGA_BROKER_URL',
  'OMEGA_BUCKET',
  'OMEGA_LOCAL_RUNTIME',
] as const;

export interface OmegaRuntimeOptions {
  /** A fresh OMEGA_HOME (removed by the caller). */
  home: string;
  redisUrl: string;
  concurrency: number;
  /** Put as `MODEL_NAME` before the worker starts. */
  model: object;
  nodeFlags?: readonly string[];
}

export const MODEL_NAME = 'small';

export interface OmegaRuntime {
  target: RuntimeTarget;
  om: Omega;
  context: string;
  /** The worker's ready line: `worker <id> serving …`. */
  worker: string;
}

/**
 * omegats end to end: `config.yml` in `home` defines the context `bench-<random>` (SQLite store,
 * the Redis broker), the model is put there, ONE `om worker --context … --concurrency C` runs in a
 * child process (`node dist/cli/main.js`), and this process calls
 * `om.runtime.ping()` and `om.runtime.model('small').predict([row])`. `cleanup` stops the worker,
 * closes the context and obliterates the context's queue.
 */
export async function omegaRuntimeTarget(options: OmegaRuntimeOptions, cleanup: Cleanup): Promise<OmegaRuntime> {
  const context = `bench-${randomBytes(4).toString('hex')}`;
  const config = join(options.home, 'config.yml');
  await writeFile(
    config,
    stringify({
      contexts: { [context]: { store: `sqlite:contexts/${context}/omega.db`, broker: options.redisUrl } },
    }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of OVERRIDES) delete env[key];
  cleanup.defer(`obliterate the omegats queue of ${context}`, () => dropQueue(options.redisUrl, context));
  const om = await openContext(resolveContext({ home: options.home, config, context, local: false }, undefined, env));
  cleanup.defer(`close the omegats context ${context}`, () => om.close());
  await om.models.put(options.model, MODEL_NAME);
  const worker = await startWorkerChild({
    label: 'om worker',
    script: CLI,
    args: ['worker', '--context', context, '--concurrency', String(options.concurrency), '--grace', '5'],
    env: { ...env, OMEGA_HOME: options.home, OMEGA_CONFIG: config },
    readyPrefix: 'worker ',
    ...(options.nodeFlags ? { nodeFlags: options.nodeFlags } : {}),
  });
  cleanup.defer(`stop the om worker (pid ${worker.pid})`, () => worker.stop());
  const target: RuntimeTarget = {
    label: 'omegats',
    path: "om.runtime.ping() / om.runtime.model('small').predict([row]) → om worker → await task",
    workerPid: worker.pid,
    send(op, row) {
      const task = op === 'ping' ? om.runtime.ping() : om.runtime.model(MODEL_NAME).predict([row]);
      return { submitted: () => task.submitted(), result: task.result() };
    },
  };
  return { target, om, context, worker: worker.ready };
}

/** Removes the queue of the context's `default` label and the label set omegats keeps for it. */
export async function dropQueue(redisUrl: string, context: string): Promise<void> {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  try {
    const queue = new Queue(queueName(context, 'default'), { connection, prefix: PREFIX });
    await queue.obliterate({ force: true });
    await queue.close();
    await connection.del(labelsKey(context));
  } finally {
    await connection.quit();
  }
}
