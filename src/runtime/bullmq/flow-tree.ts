import type { FlowChildJob, FlowJob } from 'bullmq';
import type { FlowPlan } from '../flow/flow-executor.js';
import { MESSAGE_VERSION, type TaskMessage } from '../message.js';
import { describeTask } from '../task-description.js';
import { flowsQueueName, PREFIX, queueName } from './broker.js';
import type { FlowRecord } from './flow-record.js';
import { KEEP_FAILED, KEEP_SUCCEEDED } from './job-retention.js';

/** A step's message with its signature, as its job carries it. */
export type SignedMessage = TaskMessage & { sig: string };

/** What a flow's own job records of it: its steps, in order, and where they went. */
function flowRecord(plan: FlowPlan): FlowRecord {
  const { id, kind, context, bucket, submitted } = plan;
  const steps = plan.steps.map((message) => ({ id: message.id, label: message.label, ...describeTask(message) }));
  return { v: MESSAGE_VERSION, id, kind, context, bucket, submitted, steps };
}

/**
 * The BullMQ flow of a plan. Its root is the flow's own job on the context's `.flows` queue,
 * which runs once every step has ended. Each step is a job on the queue of its label, its id the
 * task id, as a single task's:
 * - parallel: every step a child of the root, whose failure does not stop the others
 *   (ignoreDependencyOnFailure: the root still waits for all);
 * - sequence: a chain, each step the parent of the one before, whose failure fails it
 *   (failParentOnFailure: a worker fails it without running it, and so on up the chain);
 * - mapreduce: the last step the parent of the others, which all run whatever one does
 *   (its worker then refuses to run it if one failed: reduce-inputs.ts).
 */
export function flowTree(plan: FlowPlan, messages: readonly SignedMessage[]): FlowJob {
  const step = (message: SignedMessage): FlowChildJob => ({
    name: message.task,
    queueName: queueName(plan.context, message.label),
    prefix: PREFIX,
    data: message,
    opts: { jobId: message.id, attempts: 1, removeOnComplete: KEEP_SUCCEEDED, removeOnFail: KEEP_FAILED },
  });
  const each = (job: FlowChildJob, option: 'ignoreDependencyOnFailure' | 'failParentOnFailure'): FlowChildJob => ({
    ...job,
    opts: { ...job.opts, [option]: true },
  });
  let children: FlowChildJob[];
  if (plan.kind === 'parallel') {
    children = messages.map((message) => each(step(message), 'ignoreDependencyOnFailure'));
  } else if (plan.kind === 'sequence') {
    let chain: FlowChildJob | undefined;
    for (const message of messages) {
      const job = step(message);
      chain = chain ? { ...job, children: [each(chain, 'failParentOnFailure')] } : job;
    }
    children = [each(chain as FlowChildJob, 'ignoreDependencyOnFailure')];
  } else {
    const reduce = step(messages[messages.length - 1] as SignedMessage);
    const mapped = messages.slice(0, -1).map((message) => each(step(message), 'ignoreDependencyOnFailure'));
    children = [each({ ...reduce, children: mapped }, 'ignoreDependencyOnFailure')];
  }
  return {
    name: plan.kind,
    queueName: flowsQueueName(plan.context),
    prefix: PREFIX,
    data: flowRecord(plan),
    opts: { jobId: plan.id, attempts: 1, removeOnComplete: KEEP_SUCCEEDED, removeOnFail: KEEP_FAILED },
    children,
  };
}
