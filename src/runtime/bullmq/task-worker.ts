import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ContextSpec } from '../../config/context-spec.js';
import { ValidationError } from '../../errors.js';
import { parseTaskMessage } from '../message.js';
import type { TaskResult } from '../outcome.js';
import { describeFailure, TaskRunner } from '../task-runner.js';
import type { WorkerContexts } from '../worker-contexts.js';
import { labelsKey, PREFIX, queueName, redisOptions } from './broker.js';
import { Heartbeat } from './worker-registry.js';

export interface TaskWorkerOptions {
  /** The contexts served, each with its broker. */
  contexts: readonly ContextSpec[];
  labels: readonly string[];
  /** Tasks run at once per (context, label) queue. */
  concurrency: number;
  /** A task running longer fails, and commits nothing more. */
  timeoutMs: number;
  /**
   * How long a task's lock lasts without renewal: a worker that died mid-task is noticed after
   * about this long, and its task goes to another worker.
   */
  stallMs: number;
}

/**
 * `om worker`: takes tasks from the queue of every (context, label) it serves and runs them.
 * Only the death of a worker makes a task run again; a task that fails, fails once, with its
 * reason, and a malformed message is refused the same way.
 */
export class TaskWorker {
  readonly id = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  private readonly runner: TaskRunner;
  private readonly workers: Worker[] = [];
  private readonly heartbeats: Heartbeat[] = [];
  private readonly connections: Redis[] = [];

  constructor(
    private readonly contexts: WorkerContexts,
    private readonly options: TaskWorkerOptions,
  ) {
    this.runner = new TaskRunner(contexts, this.id);
    for (const spec of options.contexts) {
      if (spec.broker === null) {
        throw new ValidationError(
          `context ${spec.name} has no broker: a worker serves contexts with broker: redis://…`,
        );
      }
    }
  }

  /** Connects to every broker, announces the worker and starts taking tasks. */
  async start(): Promise<void> {
    const { contexts, labels, concurrency, stallMs } = this.options;
    const started = new Date().toISOString();
    for (const [broker, specs] of byBroker(contexts)) {
      const redis = new Redis(redisOptions(broker, false));
      this.connections.push(redis);
      const served = specs.map((spec) => spec.name);
      for (const context of served) await redis.sadd(labelsKey(context), ...labels);
      const heartbeat = new Heartbeat(redis, {
        id: this.id,
        host: hostname(),
        pid: process.pid,
        labels: [...labels],
        contexts: served,
        concurrency,
        started,
      });
      await heartbeat.start();
      this.heartbeats.push(heartbeat);
      for (const context of served) {
        for (const label of labels) {
          const worker = new Worker(queueName(context, label), (job: Job) => this.process(job, context, label), {
            connection: redisOptions(broker, true),
            prefix: PREFIX,
            // Recorded on each job it takes (BullMQ's processedBy), for `om runtime tasks`.
            name: this.id,
            concurrency,
            lockDuration: stallMs,
            stalledInterval: stallMs,
            maxStalledCount: 2,
          });
          worker.on('error', (error) => process.stderr.write(`worker error (${context}/${label}): ${error.message}\n`));
          this.workers.push(worker);
        }
      }
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  /**
   * Stops taking tasks and lets running ones finish for up to `graceMs`; tasks still running
   * then are left to the stalled-job check, which hands them to another worker.
   */
  async close(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), graceMs);
    });
    const finished = Promise.all(this.workers.map((worker) => worker.close()));
    if ((await Promise.race([finished, grace])) === 'expired') {
      await Promise.all(this.workers.map((worker) => worker.close(true)));
    }
    clearTimeout(timer);
    await Promise.all(this.heartbeats.map((heartbeat) => heartbeat.stop()));
    await Promise.all(this.connections.map((redis) => redis.quit().catch(() => undefined)));
    await this.contexts.close();
  }

  private async process(job: Job, context: string, label: string): Promise<TaskResult> {
    try {
      const message = parseTaskMessage(job.data);
      if (message.context !== context || message.label !== label) {
        throw new ValidationError(
          `a task for context ${message.context}, label ${message.label} arrived on the queue of ${context}/${label}`,
        );
      }
      return await this.runner.run(message, this.options.timeoutMs);
    } catch (error) {
      throw new UnrecoverableError(describeFailure(error));
    }
  }
}

function byBroker(contexts: readonly ContextSpec[]): Map<string, ContextSpec[]> {
  const groups = new Map<string, ContextSpec[]>();
  for (const spec of contexts) {
    const broker = spec.broker as string;
    groups.set(broker, [...(groups.get(broker) ?? []), spec]);
  }
  return groups;
}
