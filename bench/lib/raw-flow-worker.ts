/**
 * The canvas benchmark's raw baseline worker: plain BullMQ Workers, nothing of omegats.
 * `node --import tsx bench/lib/raw-flow-worker.ts '<RawFlowWorkerJob JSON>'`; prints `raw-flow-worker ready`
 * once it takes jobs, stops on SIGTERM or SIGINT.
 *
 * On the children's queue, `predict` jobs return `model.predict(new Matrix(job.data.X))` of the
 * ml-logistic-regression model loaded once from JSON; on the parents' queue, a flow's parent
 * returns its children's values (`job.getChildrenValues()`), as omegats's flow job collects them.
 */
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Matrix } from 'ml-matrix';
import { RAW_FLOW_READY, type RawFlowWorkerJob } from './raw-flow.js';
import { loadRawModel } from './raw-model.js';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as RawFlowWorkerJob;
  const model = await loadRawModel(job.modelFile);
  const connection = new Redis(job.redisUrl, { maxRetriesPerRequest: null });
  const options = { connection, prefix: job.prefix, concurrency: job.concurrency };
  const children = new Worker(
    job.childQueue,
    async (task: Job) => model.predict(new Matrix((task.data as { X: number[][] }).X)),
    options,
  );
  const parents = new Worker(job.parentQueue, async (task: Job) => Object.values(await task.getChildrenValues()), {
    ...options,
    concurrency: 4,
  });
  for (const worker of [children, parents]) {
    worker.on('error', (error) => process.stderr.write(`raw flow worker error: ${error.message}\n`));
  }
  await Promise.all([children.waitUntilReady(), parents.waitUntilReady()]);
  process.stdout.write(`${RAW_FLOW_READY} ${process.pid}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void Promise.all([children.close(), parents.close()])
        .then(() => connection.quit())
        .then(() => resolve());
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
