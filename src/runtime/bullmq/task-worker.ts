import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Job, UnrecoverableError, type Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ContextSpec } from '../../config/context-spec.js';
import { ValidationError } from '../../errors.js';
import type { ScheduleKey } from '../../schedules/schedule-rows.js';
import type { FlowOutcome } from '../flow/flow-state.js';
import { dropSkippedTempData } from '../flow/skipped-steps.js';
import { parseTaskMessage } from '../message.js';
import type { TaskResult } from '../outcome.js';
import { describeFailure, TaskRunner } from '../task-runner.js';
import type { WorkerContexts } from '../worker-contexts.js';
import { flowsQueueName, PREFIX, queueName, schedulesQueueName } from './broker.js';
import { connectBroker, isConnectionError, servingOptions } from './broker-connection.js';
import { BrokerWatch } from './broker-watch.js';
import { collectFlow, readRecord, stepMessage } from './flow-collector.js';
import { readTick } from './job-schedulers.js';
import { gatherInputs } from './reduce-inputs.js';
import { stallOptions } from './stall-options.js';
import { TaskQueueWorker, taskData } from './task-queue-worker.js';
import { describeTask, loggedJob, type TaskRecord, type WorkerEvents } from './worker-events.js';
import { Heartbeat } from './worker-registry.js';

export interface TaskWorkerOptions {
  /** The contexts served, each with its broker. */
  contexts: readonly ContextSpec[];
  labels: readonly string[];
  /** Tasks run at once per (context, label) queue. */
  concurrency: number;
  /** A task running longer fails, and commits nothing more. */
  timeoutMs: number;
  /** A worker that died mid-task is noticed within about this long, and its task goes to another (stallOptions). */
  stallMs: number;
  /** At start, how long to keep trying to reach each broker before giving up. */
  connectTimeoutMs: number;
  /** Where task lines, broker losses and returns, and errors go. */
  events: WorkerEvents;
  /** Turns the ticks of the contexts' schedules into runs; without it the worker takes no ticks. */
  schedules?: ScheduleFirer;
}

/** What a worker does with the schedules of the contexts it serves. */
export interface ScheduleFirer {
  /** Fires the run due at `due` (a tick), and says what became of it. */
  fire(context: string, key: ScheduleKey, due: Date): Promise<string>;
  /** At start: gives the broker a job scheduler for each of the context's schedules. */
  sync(context: string): Promise<number>;
}

/** Ticks handled at once per context: each only claims a due time and submits a run. */
const TICK_CONCURRENCY = 4;

/** Flows collected at once per context: each only reads its steps' outcomes. */
const FLOW_CONCURRENCY = 4;

/** After a failed fetch (broker gone), BullMQ waits this long before fetching again (its default: 15 s). */
const FETCH_RETRY_MS = 1_000;

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
  private readonly watches: BrokerWatch[] = [];
  private started = '';

  constructor(
    private readonly contexts: WorkerContexts,
    private readonly options: TaskWorkerOptions,
  ) {
    // As many training threads as tasks per queue: the usual worker serves one queue.
    this.runner = new TaskRunner(contexts, this.id, options.concurrency);
    for (const spec of options.contexts) {
      if (spec.broker === null) {
        throw new ValidationError(
          `context ${spec.name} has no broker: a worker serves contexts with broker: redis://…`,
        );
      }
    }
  }

  /**
   * Connects to every broker (a BrokerUnreachableError when one cannot be reached in time, with
   * nothing left open), announces the worker and starts taking tasks.
   */
  async start(): Promise<void> {
    this.started = new Date().toISOString();
    try {
      for (const [broker, specs] of byBroker(this.options.contexts)) {
        await this.serve(
          broker,
          specs.map((spec) => spec.name),
        );
      }
      await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
      await this.syncSchedules();
    } catch (error) {
      await this.abandon();
      throw error;
    }
  }

  private async serve(broker: string, served: string[]): Promise<void> {
    const { labels, concurrency, stallMs, connectTimeoutMs, events } = this.options;
    const redis = await connectBroker(broker, served, connectTimeoutMs);
    this.connections.push(redis);
    const heartbeat = new Heartbeat(redis, {
      id: this.id,
      host: hostname(),
      pid: process.pid,
      labels: [...labels],
      contexts: served,
      concurrency,
      started: this.started,
    });
    await heartbeat.start();
    this.heartbeats.push(heartbeat);
    // A broker that restarted empty learns of the worker again at once.
    const watch = new BrokerWatch(redis, broker, events, () => void heartbeat.beat().catch(() => undefined));
    this.watches.push(watch);
    for (const context of served) {
      for (const label of labels) {
        const worker = new TaskQueueWorker(queueName(context, label), (job: Job) => this.process(job, context, label), {
          connection: servingOptions(broker, true),
          prefix: PREFIX,
          // Recorded on each job it takes (BullMQ's processedBy), for `om runtime tasks`.
          name: this.id,
          concurrency,
          runRetryDelay: FETCH_RETRY_MS,
          ...stallOptions(stallMs),
        });
        // ioredis raises an error for every reconnection attempt: the watch says it once.
        worker.on('error', (error: Error) => {
          if (watch.isLost || isConnectionError(error)) return;
          events.workerError(queueName(context, label), error.message);
        });
        this.workers.push(worker);
      }
      const ticks = schedulesQueueName(context);
      if (this.options.schedules) {
        this.workers.push(this.sideWorker(broker, ticks, (job) => this.tick(job, context), TICK_CONCURRENCY, watch));
      }
      const flows = flowsQueueName(context);
      this.workers.push(
        this.sideWorker(broker, flows, (job) => this.collect(job, context, redis), FLOW_CONCURRENCY, watch),
      );
    }
  }

  /** A context whose schedules cannot be read now is said, not fatal: its ticks fire when it is back. */
  private async syncSchedules(): Promise<void> {
    const { schedules, events } = this.options;
    if (!schedules) return;
    for (const spec of this.options.contexts) {
      await schedules.sync(spec.name).catch((error: unknown) => {
        events.workerError(schedulesQueueName(spec.name), `schedules not synced: ${describeFailure(error)}`);
      });
    }
  }

  /**
   * A worker of one of a context's own queues (schedule ticks, flows): `concurrency` jobs at once,
   * with the same lock and stall settings as the task queues.
   */
  private sideWorker(
    broker: string,
    queue: string,
    processor: (job: Job) => Promise<unknown>,
    concurrency: number,
    watch: BrokerWatch,
  ): Worker {
    const worker = new TaskQueueWorker(queue, processor, {
      connection: servingOptions(broker, true),
      prefix: PREFIX,
      name: this.id,
      concurrency,
      runRetryDelay: FETCH_RETRY_MS,
      ...stallOptions(this.options.stallMs),
    });
    worker.on('error', (error: Error) => {
      if (watch.isLost || isConnectionError(error)) return;
      this.options.events.workerError(queue, error.message);
    });
    return worker;
  }

  /** Collects a flow whose steps have all ended (flow-collector.ts). */
  private collect(job: Job, context: string, redis: Redis): Promise<FlowOutcome> {
    const line = { id: job.id ?? '?', context, label: '.flows', action: `flow ${job.name}` };
    return loggedJob(this.options.events, line, async (note) => {
      const flow = readRecord(job, context);
      note({ bucket: flow.bucket });
      const outcome = await collectFlow(flow, redis);
      // The outcome stands even if the temp data of skipped steps cannot be dropped now.
      await dropSkippedTempData(await this.contexts.open(context), outcome.steps, (step) =>
        stepMessage(redis, flow, step),
      ).catch((error: unknown) => {
        this.options.events.workerError(flowsQueueName(context), `flow ${flow.id}: ${describeFailure(error)}`);
      });
      const failed = outcome.steps.filter((step) => step.status !== 'succeeded').length;
      note({ object: `${outcome.steps.length} steps${failed > 0 ? `, ${failed} failed or not run` : ''}` });
      return outcome;
    });
  }

  private tick(job: Job, context: string): Promise<string> {
    const line = { id: job.id ?? '?', context, label: '.schedules', action: 'schedule' };
    return loggedJob(this.options.events, line, async (note) => {
      const { key, due } = readTick(job);
      note({ object: `${key.prefix}${key.name}`, bucket: key.bucket });
      const outcome = await (this.options.schedules as ScheduleFirer).fire(context, key, due);
      // The action says what became of the tick: `schedule:fired:<task id>`, `schedule:taken`…
      note({ action: `schedule:${outcome}` });
      return outcome;
    });
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
    for (const watch of this.watches) watch.stop();
    await Promise.all(this.heartbeats.map((heartbeat) => heartbeat.stop()));
    await Promise.all(this.connections.map((redis) => redis.quit().catch(() => undefined)));
    await this.runner.close();
    await this.contexts.close();
  }

  /** After a failed start: drops every connection at once, so the process can exit. */
  private async abandon(): Promise<void> {
    for (const watch of this.watches) watch.stop();
    await Promise.allSettled(this.workers.map((worker) => worker.close(true)));
    await Promise.allSettled(this.heartbeats.map((heartbeat) => heartbeat.stop()));
    for (const redis of this.connections) redis.disconnect();
    await this.runner.close();
    await this.contexts.close();
  }

  private async process(job: Job, context: string, label: string): Promise<TaskResult> {
    const started = performance.now();
    let record: Omit<TaskRecord, 'seconds' | 'outcome'> = {
      id: job.id ?? '?',
      context,
      action: '?',
      object: null,
      label,
      bucket: null,
    };
    const done = (outcome: Pick<TaskRecord, 'outcome' | 'reason'>): void => {
      const seconds = Math.round(performance.now() - started) / 1000;
      this.options.events.taskDone({ ...record, seconds, ...outcome });
    };
    try {
      const message = parseTaskMessage(taskData(job));
      record = { ...record, id: message.id, ...describeTask(message), bucket: message.bucket };
      if (message.context !== context || message.label !== label) {
        throw new ValidationError(
          `a task for context ${message.context}, label ${message.label} arrived on the queue of ${context}/${label}`,
        );
      }
      await this.contexts.verify(message);
      // The last step of a mapreduce gets the other steps' results, after its signature is checked.
      const task = message.flow?.inputs ? await gatherInputs(job, message) : message;
      const result = await this.runner.run(task, this.options.timeoutMs);
      done({ outcome: 'ok' });
      return result;
    } catch (error) {
      const reason = describeFailure(error);
      done({ outcome: 'failed', reason });
      throw new UnrecoverableError(reason);
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
