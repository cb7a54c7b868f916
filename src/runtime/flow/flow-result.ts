import { TaskError } from '../../errors.js';
import { reviveResult } from '../outcome.js';
import type { FlowOutcome, FlowStepInfo } from './flow-state.js';

/**
 * The results of an ended flow in the order the tasks were added, revived as single tasks'
 * are; a TaskError when a step failed: naming the step in a sequence, listing every failure in
 * a parallel flow or a mapreduce.
 */
export function flowResults(outcome: FlowOutcome): unknown[] {
  const failed = outcome.steps.filter((step) => step.status === 'failed');
  const notRun = outcome.steps.filter((step) => step.status !== 'succeeded' && step.status !== 'failed');
  if (failed.length === 0 && notRun.length === 0) return outcome.steps.map((step) => reviveResult(step.result));
  const { id, kind, steps } = outcome;
  const failures = failed.map((step) => `${describeStep(step)}: ${step.reason ?? 'failed'}`);
  const skipped = notRun.length === 0 ? '' : `; not run: step ${notRun.map((step) => step.index).join(', ')}`;
  if (kind === 'sequence' && failed.length === 1) {
    throw new TaskError(`flow ${id} (sequence of ${steps.length}) failed at ${failures[0]}${skipped}`);
  }
  throw new TaskError(
    `flow ${id} (${kind} of ${steps.length}): ${failed.length} step${failed.length === 1 ? '' : 's'} failed — ${failures.join('; ')}${skipped}`,
  );
}

/** `step 2 (model fit m, label gpu)` */
function describeStep(step: FlowStepInfo): string {
  const what = step.object === null ? step.action : `${step.action} ${step.object}`;
  return `step ${step.index} (${what}, label ${step.label})`;
}
