/**
 * The raw baseline's worker: a plain BullMQ Worker, nothing of omegats.
 * `node --import tsx bench/lib/raw-bullmq-worker.ts '<RawWorkerJob JSON>'`; prints `raw-worker ready`
 * once it takes jobs, stops on SIGTERM or SIGINT.
 *
 * Jobs named `ping` return `{ message: 'pong', time }`; jobs named `predict` return
 * `model.predict(new Matrix(job.data.X))` of the ml-logistic-regression model loaded once from JSON.
 */
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { Matrix } from 'ml-matrix';
import { RAW_READY, type RawWorkerJob } from './raw-bullmq.js';
import { loadRawModel } from './raw-model.js';

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as RawWorkerJob;
  const model = await loadRawModel(job.modelFile);
  const connection = new Redis(job.redisUrl, { maxRetriesPerRequest: null });
  const worker = new Worker(
    job.queue,
    async (task: Job) => {
      if (task.name === 'ping') return { message: 'pong', time: new Date().toISOString() };
      if (task.name === 'predict') return model.predict(new Matrix((task.data as { X: number[][] }).X));
      throw new Error(`unknown job ${task.name}`);
    },
    { connection, prefix: job.prefix, concurrency: job.concurrency },
  );
  worker.on('error', (error) => process.stderr.write(`raw worker error: ${error.message}\n`));
  await worker.waitUntilReady();
  process.stdout.write(`${RAW_READY} ${process.pid}\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      void worker
        .close()
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
