import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Cleanup } from './cleanup.js';
import { startWorkerChild } from './worker-child.js';

export type RuntimeOp = 'ping' | 'predict';

/** One task on its way: queued once `submitted()` resolves, done once `result` does. */
export interface Sent {
  /** Only called when the submission is timed on its own (so nothing rejects unobserved). */
  submitted: () => Promise<unknown>;
  result: Promise<unknown>;
}

/** Something that runs `ping` and `predict([row])` on a worker in another process. */
export interface RuntimeTarget {
  label: string;
  /** What the round trip is, for the report. */
  path: string;
  /** The worker process (for its CPU time). */
  workerPid: number;
  send(op: RuntimeOp, row: readonly number[]): Sent;
}

/** What the worker child is given (its one argument, as JSON). */
export interface RawWorkerJob {
  redisUrl: string;
  queue: string;
  prefix: string;
  concurrency: number;
  /** A file holding `JSON.stringify(logisticRegression)`. */
  modelFile: string;
}

/** The worker child's ready line starts with this. */
export const RAW_READY = 'raw-worker ready';

/** Where the raw baseline keeps its keys in Redis (BullMQ's `prefix`), apart from omegats's `omega`. */
const RAW_PREFIX = 'omegats-bench';

const WORKER_SCRIPT = fileURLToPath(new URL('./raw-bullmq-worker.ts', import.meta.url));

export interface RawBullmqOptions {
  redisUrl: string;
  concurrency: number;
  /** `JSON.stringify` of the trained ml-logistic-regression model, loaded once by the worker. */
  modelJson: string;
  /** A folder for the model file (removed by the caller). */
  dir: string;
  nodeFlags?: readonly string[];
}

/**
 * The raw baseline: a plain BullMQ worker in a child process (raw-bullmq-worker.ts) on a queue of
 * its own, and this process's `queue.add(name, data)` then `job.waitUntilFinished(queueEvents)`
 * with one QueueEvents, ready before the first task. `cleanup` stops the worker, closes the
 * connections and obliterates the queue.
 */
export async function rawBullmqTarget(options: RawBullmqOptions, cleanup: Cleanup): Promise<RuntimeTarget> {
  const name = `raw-${randomBytes(4).toString('hex')}`;
  const modelFile = join(options.dir, 'raw-model.json');
  await writeFile(modelFile, options.modelJson);
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const eventsConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  cleanup.defer('close the raw Redis connections', async () => {
    await Promise.all([connection.quit(), eventsConnection.quit()]);
  });
  const queue = new Queue(name, { connection, prefix: RAW_PREFIX });
  // Each job.waitUntilFinished() listens for the queue's `closing` while it waits: many tasks in flight are many listeners.
  queue.setMaxListeners(0);
  cleanup.defer(`obliterate the raw queue ${name}`, async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });
  const events = new QueueEvents(name, { connection: eventsConnection, prefix: RAW_PREFIX });
  cleanup.defer('close the raw QueueEvents', () => events.close());
  await events.waitUntilReady();
  const job: RawWorkerJob = {
    redisUrl: options.redisUrl,
    queue: name,
    prefix: RAW_PREFIX,
    concurrency: options.concurrency,
    modelFile,
  };
  const worker = await startWorkerChild({
    label: 'raw BullMQ worker',
    script: WORKER_SCRIPT,
    args: [JSON.stringify(job)],
    readyPrefix: RAW_READY,
    ...(options.nodeFlags ? { nodeFlags: options.nodeFlags } : {}),
  });
  cleanup.defer(`stop the raw BullMQ worker (pid ${worker.pid})`, () => worker.stop());
  return {
    label: 'raw BullMQ',
    path: 'queue.add(name, data) → Worker processor → job.waitUntilFinished(queueEvents)',
    workerPid: worker.pid,
    send(op, row) {
      const added = queue.add(op, op === 'predict' ? { X: [row] } : {});
      return { submitted: () => added, result: added.then((j) => j.waitUntilFinished(events)) };
    },
  };
}
