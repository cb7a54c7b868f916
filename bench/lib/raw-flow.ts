import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FlowProducer, Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { Cleanup } from './cleanup.js';
import { startWorkerChild } from './worker-child.js';

/** What the raw flow worker child is given (its one argument, as JSON). */
export interface RawFlowWorkerJob {
  redisUrl: string;
  childQueue: string;
  parentQueue: string;
  prefix: string;
  concurrency: number;
  /** A file holding `JSON.stringify(logisticRegression)`. */
  modelFile: string;
}

/** The worker child's ready line starts with this. */
export const RAW_FLOW_READY = 'raw-flow-worker ready';

/** Where the raw baseline keeps its keys in Redis, apart from omegats's `omega`. */
const RAW_PREFIX = 'omegats-bench';

const WORKER_SCRIPT = fileURLToPath(new URL('./raw-flow-worker.ts', import.meta.url));

/** Runs a parallel flow of predictions with plain BullMQ and waits for its parent. */
export interface RawFlows {
  /** One flow: a parent whose children are `predict([row])` jobs, one per row; resolves to the parent's result. */
  parallel(rows: readonly (readonly number[])[]): Promise<unknown>;
}

/**
 * The raw baseline of the canvas benchmark: BullMQ's FlowProducer adds a parent (on a queue of
 * its own) with one `predict` child per row (on the children's queue); a plain worker child
 * (raw-flow-worker.ts) with the given concurrency predicts, and its parent worker returns the
 * children's values; this process waits with `job.waitUntilFinished(queueEvents)`.
 */
export async function rawFlows(
  options: { redisUrl: string; concurrency: number; modelJson: string; dir: string },
  cleanup: Cleanup,
): Promise<RawFlows> {
  const name = `raw-flow-${randomBytes(4).toString('hex')}`;
  const childQueue = `${name}-children`;
  const parentQueue = `${name}-parents`;
  const modelFile = join(options.dir, 'raw-flow-model.json');
  await writeFile(modelFile, options.modelJson);
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const eventsConnection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  cleanup.defer('close the raw flow Redis connections', async () => {
    await Promise.all([connection.quit(), eventsConnection.quit()]);
  });
  const queues = [childQueue, parentQueue].map((queue) => new Queue(queue, { connection, prefix: RAW_PREFIX }));
  cleanup.defer(`obliterate the raw queues ${name}-*`, async () => {
    for (const queue of queues) {
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
  const events = new QueueEvents(parentQueue, { connection: eventsConnection, prefix: RAW_PREFIX });
  cleanup.defer('close the raw QueueEvents', () => events.close());
  await events.waitUntilReady();
  const producer = new FlowProducer({ connection, prefix: RAW_PREFIX });
  cleanup.defer('close the raw FlowProducer', () => producer.close());
  const job: RawFlowWorkerJob = {
    redisUrl: options.redisUrl,
    childQueue,
    parentQueue,
    prefix: RAW_PREFIX,
    concurrency: options.concurrency,
    modelFile,
  };
  const worker = await startWorkerChild({
    label: 'raw BullMQ flow worker',
    script: WORKER_SCRIPT,
    args: [JSON.stringify(job)],
    readyPrefix: RAW_FLOW_READY,
  });
  cleanup.defer(`stop the raw BullMQ flow worker (pid ${worker.pid})`, () => worker.stop());
  return {
    async parallel(rows) {
      const node = await producer.add({
        name: 'parallel',
        queueName: parentQueue,
        children: rows.map((row) => ({ name: 'predict', queueName: childQueue, data: { X: [row] } })),
      });
      return node.job.waitUntilFinished(events);
    },
  };
}
