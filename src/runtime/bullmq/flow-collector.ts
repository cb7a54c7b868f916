import type { Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { ValidationError } from '../../errors.js';
import type { FlowOutcome, FlowStepInfo } from '../flow/flow-state.js';
import { parseTaskMessage, type TaskMessage } from '../message.js';
import { PREFIX, queueName } from './broker.js';
import { type FlowRecord, parseFlowRecord } from './flow-record.js';
import { readSteps } from './step-states.js';

/**
 * What the worker of a context's `.flows` queue does with a flow's own job, once all its steps
 * have ended: reads every step's outcome (results, failures, steps that never ran) into the
 * flow's result, which its client waits for. It runs no task and writes nothing.
 */
export async function collectFlow(record: FlowRecord, redis: Redis): Promise<FlowOutcome> {
  return { id: record.id, kind: record.kind, steps: await readSteps(redis, record, true) };
}

/** The message of a step as its job holds it; null when the job is gone or its data is not a message. */
export async function stepMessage(redis: Redis, record: FlowRecord, step: FlowStepInfo): Promise<TaskMessage | null> {
  const data = await redis.hget(`${PREFIX}:${queueName(record.context, step.label)}:${step.id}`, 'data');
  try {
    return data === null ? null : parseTaskMessage(JSON.parse(data));
  } catch {
    return null;
  }
}

/** The flow record of a job of the `.flows` queue of `context`, checked. */
export function readRecord(job: Job, context: string): FlowRecord {
  const record = parseFlowRecord(job.data);
  if (record.context !== context) {
    throw new ValidationError(`a flow of context ${record.context} arrived on the flows queue of ${context}`);
  }
  return record;
}
