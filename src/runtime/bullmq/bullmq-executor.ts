import type { EventEmitter } from 'node:events';
import { Job } from 'bullmq';
import { redactUrl } from '../../config/urls.js';
import { ConflictError, NotFoundError, TaskError } from '../../errors.js';
import type { Executor, TaskFilter, TaskInfo, TaskRef, TaskStatus } from '../executor.js';
import { parseTaskMessage, type TaskMessage } from '../message.js';
import type { MessageSigner } from '../message-signer.js';
import type { QueueInfo, RuntimeStatus } from '../runtime-status.js';
import { brokerUnavailable, isBrokerError, labelsKey, queueName } from './broker.js';
import { ClientConnection } from './client-connection.js';
import { KEEP_FAILED, KEEP_SUCCEEDED } from './job-retention.js';
import { isMissingJob, LostTasks, lostTaskError } from './lost-tasks.js';
import { openQueueChannel, type QueueChannel } from './queue-channel.js';
import { queuedTasks } from './queued-tasks.js';
import { ServedLabels } from './served-labels.js';
import { liveWorkers } from './worker-registry.js';

/** Jobs of tasks submitted here, kept for their waits; the oldest go first. */
const REMEMBERED_JOBS = 10_000;

const STATES: Record<string, TaskStatus> = {
  waiting: 'queued',
  delayed: 'queued',
  prioritized: 'queued',
  'waiting-children': 'queued',
  active: 'running',
  completed: 'succeeded',
  failed: 'failed',
};

/**
 * Sends tasks to the workers of a context through BullMQ: one queue per label, named
 * `<context>/<label>`. A task is one job whose id is the task id; failures are final (the worker
 * says why), only a worker that dies mid-task lets the job run again (BullMQ's stalled jobs).
 */
export class BullmqExecutor implements Executor {
  private readonly channels = new Map<string, Promise<QueueChannel>>();
  private readonly jobs = new Map<string, Job>();
  private readonly client: ClientConnection;
  private readonly workers: ServedLabels;
  private readonly lostTasks = new LostTasks(() => this.client.redis());

  constructor(
    private readonly brokerUrl: string,
    private readonly context: string,
    private readonly signer: MessageSigner,
  ) {
    this.client = new ClientConnection(brokerUrl, context);
    this.workers = new ServedLabels(() => this.client.redis(), context);
  }

  /** Also asks (in parallel, cached) whether a worker serves the label, so that `status()` knows at once. */
  async submit(message: TaskMessage): Promise<void> {
    // Checked here and again by the worker, which also checks the signature; BullMQ turns it into JSON.
    const data = parseTaskMessage(message);
    const [{ queue }, sig] = await Promise.all([this.channel(message.label), this.signer.sign(data)]);
    const [job] = await this.client.reachable(
      Promise.all([
        queue.add(
          message.task,
          { ...data, sig },
          {
            jobId: message.id,
            attempts: 1,
            removeOnComplete: KEEP_SUCCEEDED,
            removeOnFail: KEEP_FAILED,
          },
        ),
        this.workers.served(message.label),
      ]),
    );
    this.jobs.set(message.id, job);
    if (this.jobs.size > REMEMBERED_JOBS) this.jobs.delete(this.jobs.keys().next().value as string);
  }

  /**
   * A wait longer than `timeoutMs`, a task cancelled meanwhile and a task the broker lost are
   * TaskErrors; the broker's failures UnavailableErrors.
   */
  async outcome(task: TaskRef, timeoutMs?: number): Promise<unknown> {
    const job = this.jobs.get(task.id) ?? (await this.find(task));
    const { queue, events } = await this.channel(task.label);
    // BullMQ emits `removed:<id>` but does not declare it in its types.
    const emitter: EventEmitter = events;
    const removedEvent = `removed:${task.id}`;
    let onRemoved = (): void => undefined;
    const removed = new Promise<never>((_, reject) => {
      onRemoved = () => reject(new TaskError(`task ${task.id} was cancelled`));
      emitter.once(removedEvent, onRemoved);
    });
    const wait = this.lostTasks.watch(task.id, queue.toKey(task.id));
    try {
      return await Promise.race([job.waitUntilFinished(events, timeoutMs), removed, wait.lost]);
    } catch (error) {
      if (error instanceof TaskError) throw error;
      if (isBrokerError(error)) throw brokerUnavailable(this.brokerUrl, this.context, error);
      const reason = error instanceof Error ? error.message : String(error);
      if (reason.startsWith('Job wait') && reason.includes('timed out')) {
        const state = (await this.status(task)) ?? 'unknown';
        throw new TaskError(`task ${task.id} did not finish within ${timeoutMs} ms (it is still ${state})`);
      }
      if (isMissingJob(reason)) throw lostTaskError(task.id);
      throw new TaskError(`task ${task.id} failed: ${reason}`, { cause: error });
    } finally {
      wait.stop();
      emitter.off(removedEvent, onRemoved);
    }
  }

  /** A queued task is `unserved` while no live worker serves its label. */
  async status(task: TaskRef): Promise<TaskStatus | null> {
    const { queue } = await this.channel(task.label);
    const status = STATES[await this.client.reachable(queue.getJobState(task.id))] ?? null;
    if (status !== 'queued') return status;
    return (await this.client.reachable(this.workers.served(task.label))) ? 'queued' : 'unserved';
  }

  /**
   * Removes a queued task (its waiters get a TaskError). A running task cannot be interrupted:
   * BullMQ removes only jobs no worker holds, so that is a ConflictError.
   */
  async cancel(task: TaskRef): Promise<void> {
    const { queue } = await this.channel(task.label);
    const state = STATES[await this.client.reachable(queue.getJobState(task.id))];
    if (state === undefined) throw new NotFoundError(`task ${task.id} is not known to label ${task.label}`);
    if (state === 'queued' && (await this.client.reachable(queue.remove(task.id))) === 1) return;
    const now = state === 'queued' ? 'running' : state;
    throw new ConflictError(
      now === 'running'
        ? `task ${task.id} is running and cannot be interrupted; it ends on its own or at the worker's --timeout`
        : `task ${task.id} has already ${now}`,
    );
  }

  async tasks(filter: TaskFilter): Promise<TaskInfo[]> {
    const labels = filter.label === undefined ? await this.labels() : [filter.label];
    const lists = await Promise.all(
      labels.map(async (label) =>
        this.client.reachable(
          queuedTasks((await this.channel(label)).queue, label, filter.status, () => this.workers.served(label)),
        ),
      ),
    );
    return lists.flat().sort((a, b) => b.submitted.localeCompare(a.submitted));
  }

  /** Waiting, prioritized and delayed jobs go; running and ended ones stay. */
  async purge(label: string, dryRun: boolean): Promise<number> {
    const { queue } = await this.channel(label);
    const counts = await this.client.reachable(queue.getJobCounts('waiting', 'prioritized', 'delayed'));
    const queued = (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0);
    if (!dryRun && queued > 0) await this.client.reachable(queue.drain(true));
    return queued;
  }

  async labels(): Promise<string[]> {
    return (await this.client.reachable(this.client.redis().smembers(labelsKey(this.context)))).sort();
  }

  async describe(): Promise<RuntimeStatus> {
    const entries = await this.client.reachable(liveWorkers(this.client.redis()));
    const workers = entries.workers.filter((w) => w.contexts.includes(this.context));
    const labels = [...new Set([...(await this.labels()), ...workers.flatMap((w) => w.labels)])].sort();
    const queues = await Promise.all(
      labels.map(async (label): Promise<QueueInfo> => {
        const counts = await this.client.reachable(
          (await this.channel(label)).queue.getJobCounts(
            'waiting',
            'prioritized',
            'delayed',
            'active',
            'completed',
            'failed',
          ),
        );
        return {
          label,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
          running: counts.active ?? 0,
          succeeded: counts.completed ?? 0,
          failed: counts.failed ?? 0,
          workers: workers.filter((w) => w.labels.includes(label)).length,
        };
      }),
    );
    return {
      context: this.context,
      broker: redactUrl(this.brokerUrl),
      workers,
      queues,
      unserved: queues.filter((q) => q.waiting > 0 && q.workers === 0).map((q) => q.label),
      malformed: entries.malformed,
    };
  }

  async close(): Promise<void> {
    this.lostTasks.stop();
    const channels = await Promise.allSettled(this.channels.values());
    this.channels.clear();
    await Promise.all(
      channels.flatMap((c) => (c.status === 'fulfilled' ? [c.value.events.close(), c.value.queue.close()] : [])),
    );
    await this.client.close();
  }

  private async find(task: TaskRef): Promise<Job> {
    const job = await this.client.reachable(Job.fromId((await this.channel(task.label)).queue, task.id));
    if (!job) throw new TaskError(`task ${task.id} is not known to label ${task.label} (its result may have expired)`);
    return job;
  }

  /** The queue and event reader of a label; the first use records the label for status and `result(id)`. */
  private channel(label: string): Promise<QueueChannel> {
    let channel = this.channels.get(label);
    if (!channel) {
      channel = this.client.reachable(this.openChannel(label));
      channel.catch(() => this.channels.delete(label));
      this.channels.set(label, channel);
    }
    return channel;
  }

  /** The queue of `label` and its events; the label is recorded first (`om runtime status` lists it). */
  private async openChannel(label: string): Promise<QueueChannel> {
    const redis = this.client.redis();
    await redis.sadd(labelsKey(this.context), label);
    return openQueueChannel(redis, this.brokerUrl, queueName(this.context, label));
  }
}
