import type { EventEmitter } from 'node:events';
import { FlowProducer, Job } from 'bullmq';
import { NotFoundError, TaskError } from '../../errors.js';
import type { FlowExecutor, FlowPlan } from '../flow/flow-executor.js';
import { type FlowInfo, type FlowOutcome, flowStatus } from '../flow/flow-state.js';
import { parseTaskMessage } from '../message.js';
import type { MessageSigner } from '../message-signer.js';
import { brokerUnavailable, flowsQueueName, isBrokerError, labelsKey, PREFIX } from './broker.js';
import { ClientConnection } from './client-connection.js';
import { type FlowRecord, parseFlowRecord } from './flow-record.js';
import { flowTree, type SignedMessage } from './flow-tree.js';
import { isMissingJob, LostTasks, lostTaskError } from './lost-tasks.js';
import { openQueueChannel, type QueueChannel } from './queue-channel.js';
import { readSteps } from './step-states.js';

/** How many flows `om runtime status` lists. */
const LISTED = 100;

/**
 * Sends flows to the workers of a context as BullMQ flows (FlowProducer, flow-tree.ts): every
 * step checked and signed as a single task is, on the queue of its label, under a job of the
 * context's `.flows` queue whose worker collects the outcome once all steps have ended. A worker
 * that dies mid-step lets that step run again (BullMQ's stalled jobs), nothing else.
 */
export class BullmqFlows implements FlowExecutor {
  private readonly client: ClientConnection;
  private producer: FlowProducer | undefined;
  private channel: Promise<QueueChannel> | undefined;
  private readonly lostTasks = new LostTasks(() => this.client.redis());

  constructor(
    private readonly brokerUrl: string,
    private readonly context: string,
    private readonly signer: MessageSigner,
  ) {
    this.client = new ClientConnection(brokerUrl, context);
  }

  async submit(plan: FlowPlan): Promise<void> {
    const messages = plan.steps.map((step) => parseTaskMessage(step));
    const signed = await Promise.all(
      messages.map(async (message): Promise<SignedMessage> => ({ ...message, sig: await this.signer.sign(message) })),
    );
    // The event reader starts before the flow is added, so its end is never missed.
    await this.flowChannel();
    const labels = [...new Set(messages.map((message) => message.label))];
    await this.client.reachable(this.client.redis().sadd(labelsKey(this.context), ...labels));
    this.producer ??= new FlowProducer({ connection: this.client.redis(), prefix: PREFIX });
    await this.client.reachable(this.producer.add(flowTree(plan, signed)));
  }

  async outcome(id: string, timeoutMs?: number): Promise<FlowOutcome> {
    const { queue, events } = await this.flowChannel();
    const job = await this.client.reachable(Job.fromId(queue, id));
    if (!job)
      throw new NotFoundError(`flow ${id} is not known in context ${this.context} (its result may have expired)`);
    const emitter: EventEmitter = events;
    const removedEvent = `removed:${id}`;
    let onRemoved = (): void => undefined;
    const removed = new Promise<never>((_, reject) => {
      onRemoved = () => reject(new TaskError(`flow ${id} was removed from the broker`));
      emitter.once(removedEvent, onRemoved);
    });
    const wait = this.lostTasks.watch(id, queue.toKey(id));
    try {
      return (await Promise.race([job.waitUntilFinished(events, timeoutMs), removed, wait.lost])) as FlowOutcome;
    } catch (error) {
      if (error instanceof TaskError) throw error;
      if (isBrokerError(error)) throw brokerUnavailable(this.brokerUrl, this.context, error);
      const reason = error instanceof Error ? error.message : String(error);
      if (reason.startsWith('Job wait') && reason.includes('timed out')) {
        const status = (await this.info(id))?.status ?? 'unknown';
        throw new TaskError(`flow ${id} did not finish within ${timeoutMs} ms (it is still ${status})`);
      }
      if (isMissingJob(reason)) throw lostTaskError(id);
      throw new TaskError(`flow ${id} failed: ${reason}`, { cause: error });
    } finally {
      wait.stop();
      emitter.off(removedEvent, onRemoved);
    }
  }

  async info(id: string): Promise<FlowInfo | null> {
    const { queue } = await this.flowChannel();
    const job = await this.client.reachable(Job.fromId(queue, id));
    return job ? this.describe(job) : null;
  }

  async inProgress(): Promise<FlowInfo[]> {
    const { queue } = await this.flowChannel();
    const jobs = await this.client.reachable(queue.getJobs(['waiting-children', 'waiting', 'active'], 0, LISTED - 1));
    const infos = await Promise.all(jobs.filter((job) => job !== undefined).map((job) => this.describe(job)));
    return infos
      .filter((info): info is FlowInfo => info !== null)
      .sort((a, b) => b.submitted.localeCompare(a.submitted));
  }

  async close(): Promise<void> {
    this.lostTasks.stop();
    const channel = await this.channel?.catch(() => undefined);
    this.channel = undefined;
    await Promise.all([channel?.events.close(), channel?.queue.close(), this.producer?.close()]);
    await this.client.close();
  }

  /** Where a flow's steps are; a flow record that cannot be read (written by hand) is skipped. */
  private async describe(job: Job): Promise<FlowInfo | null> {
    let record: FlowRecord;
    try {
      record = parseFlowRecord(job.data);
    } catch {
      return null;
    }
    const steps = await this.client.reachable(readSteps(this.client.redis(), record, false));
    const { id, kind, context, bucket, submitted } = record;
    // Until the flow's own job has ended, the flow is running even if its steps all have.
    const status = job.failedReason ? 'failed' : job.finishedOn ? flowStatus(steps) : running(flowStatus(steps));
    return { id, kind, context, bucket, submitted, status, steps };
  }

  private flowChannel(): Promise<QueueChannel> {
    this.channel ??= this.client.reachable(this.openChannel());
    this.channel.catch(() => {
      this.channel = undefined;
    });
    return this.channel;
  }

  private openChannel(): Promise<QueueChannel> {
    return openQueueChannel(this.client.redis(), this.brokerUrl, flowsQueueName(this.context));
  }
}

/** An ended status is still `running` while the flow's own job collects the outcome. */
function running(status: FlowInfo['status']): FlowInfo['status'] {
  return status === 'succeeded' || status === 'failed' ? 'running' : status;
}
