import type { Redis } from 'ioredis';
import { markSkipped, type StepEnd } from '../flow/flow-state.js';
import { PREFIX, queueName } from './broker.js';
import type { FlowRecord } from './flow-record.js';

/** The fields of a BullMQ job hash that say where it is. */
const FIELDS = ['processedOn', 'finishedOn', 'returnvalue', 'failedReason'] as const;

/**
 * Where each step of a flow is, read from the steps' job hashes in one round trip: ended (with
 * its result or its reason), running once a worker took it, else waiting; then the steps that will
 * never run are marked skipped. With `results`, succeeded steps carry their result (JSON).
 */
export async function readSteps(redis: Redis, record: FlowRecord, results: boolean): Promise<StepEnd[]> {
  const pipeline = redis.pipeline();
  for (const step of record.steps) {
    pipeline.hmget(`${PREFIX}:${queueName(record.context, step.label)}:${step.id}`, ...FIELDS);
  }
  const replies = (await pipeline.exec()) ?? [];
  const steps = record.steps.map((step, index): StepEnd => {
    const [error, fields] = replies[index] ?? [null, []];
    if (error) throw error;
    const [processedOn, finishedOn, returnvalue, failedReason] = fields as (string | null)[];
    const base = { index, ...step };
    if (finishedOn && returnvalue !== null && returnvalue !== undefined && !failedReason) {
      return { ...base, status: 'succeeded', ...(results ? { result: JSON.parse(returnvalue) as unknown } : {}) };
    }
    if (finishedOn) return { ...base, status: 'failed', reason: failedReason ?? 'failed' };
    return { ...base, status: processedOn ? 'running' : 'waiting' };
  });
  return markSkipped(record.kind, steps);
}
