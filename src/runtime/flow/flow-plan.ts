import { randomUUID } from 'node:crypto';
import type { TaskMessage } from '../message.js';
import type { RuntimeScope } from '../runtime-scope.js';
import { taskMessage } from '../task-envelope.js';
import type { PreparedTask, TaskBody } from '../task-submitter.js';
import type { CollectedTask } from './collecting-runtime.js';
import type { FlowPlan } from './flow-executor.js';
import type { FlowKind } from './flow-state.js';
import { checkReducer } from './reduce-input.js';

/** A flow's plan, and how to drop the temp data its steps stored (when it cannot be sent). */
export interface PreparedFlow {
  plan: FlowPlan;
  cleanup(): Promise<void>;
}

/**
 * Prepares every collected task as a single task is (the object exists, data refs, temp data) and
 * makes its message, with the flow's id and the step's index; the last step of a mapreduce names
 * the steps whose results it receives. If one cannot be prepared, what the others stored goes.
 */
export async function prepareFlow(
  id: string,
  kind: FlowKind,
  om: RuntimeScope,
  tasks: readonly CollectedTask[],
): Promise<PreparedFlow> {
  const ids = tasks.map(() => randomUUID());
  const last = tasks.length - 1;
  const settled = await Promise.allSettled(
    tasks.map(async (task, i) => {
      const receivesResults = kind === 'mapreduce' && i === last;
      const afterOthers = (kind === 'sequence' && i > 0) || receivesResults;
      const prepared = await task.prepare(ids[i] as string, { receivesResults, afterOthers });
      return { task, prepared, receivesResults };
    }),
  );
  const prepared = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.prepared] : []));
  const cleanup = async (): Promise<void> => {
    await Promise.allSettled(prepared.map((p) => p.cleanup?.()));
  };
  const failure = settled.find((s) => s.status === 'rejected');
  if (failure) {
    await cleanup();
    throw failure.reason;
  }
  const submitted = new Date().toISOString();
  try {
    const steps = settled.map((s, i): TaskMessage => {
      const { task, prepared: p, receivesResults } = (s as PromiseFulfilledResult<Step>).value;
      if (receivesResults) checkReducer(p.body);
      const body = kind === 'sequence' || receivesResults ? unpinned(p.body) : p.body;
      const flow = { id, step: i, ...(receivesResults ? { inputs: ids.slice(0, last) } : {}) };
      const address = { context: om.context, bucket: om.bucketName, required: task.required, bound: p.boundLabel };
      return taskMessage(ids[i] as string, address, body, flow);
    });
    return { plan: { id, kind, context: om.context, bucket: om.bucketName, submitted, steps }, cleanup };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

/**
 * A model step that runs after others does not keep the version seen at submission: it runs the
 * latest when it starts (omega|ml's semantics), so that a fit followed by a predict predicts with
 * the new version. A version named in the model's name (`m@v2`) still holds.
 */
function unpinned(body: TaskBody): TaskBody {
  if (body.task !== 'model') return body;
  const { resolved: _resolved, ...rest } = body;
  return rest;
}

interface Step {
  task: CollectedTask;
  prepared: PreparedTask;
  receivesResults: boolean;
}
