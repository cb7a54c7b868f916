import type { TaskStatus } from '../executor.js';

/** The three shapes of API.md §13. */
export const FLOW_KINDS = ['sequence', 'parallel', 'mapreduce'] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

/**
 * Where a step of a flow is: `skipped` steps never run (after a failure in a sequence, or the
 * last step of a mapreduce whose other steps did not all succeed).
 */
export type StepStatus = 'waiting' | 'running' | 'succeeded' | 'failed' | 'skipped';

/** One step of a flow, as `om runtime flow <id>` shows it. */
export interface FlowStepInfo {
  /** Its position in the order the tasks were added, from 0. */
  index: number;
  /** The step's task id (its result is also `runtime.result(id)` while it is kept). */
  id: string;
  label: string;
  /** `model fit`, `script`, `job` or `ping`. */
  action: string;
  object: string | null;
  status: StepStatus;
  /** Why a failed step failed. */
  reason?: string;
}

/** A flow and where each of its steps is. */
export interface FlowInfo {
  id: string;
  kind: FlowKind;
  context: string;
  bucket: string;
  /** ISO 8601 time of submission. */
  submitted: string;
  status: TaskStatus;
  steps: FlowStepInfo[];
}

/** A step once its flow has ended: a succeeded one with its result as JSON (a TaskResult). */
export interface StepEnd extends FlowStepInfo {
  result?: unknown;
}

/** What a flow gives back once every step has ended (or will never run). */
export interface FlowOutcome {
  id: string;
  kind: FlowKind;
  steps: StepEnd[];
}

/**
 * Marks the steps that will never run: in a sequence every step after a failed one, in a
 * mapreduce the last step when another failed. (A worker fails such steps without running them.)
 */
export function markSkipped<S extends FlowStepInfo>(kind: FlowKind, steps: S[]): S[] {
  if (kind === 'parallel') return steps;
  const failed = steps.findIndex((step) => step.status === 'failed' || step.status === 'skipped');
  if (failed < 0) return steps;
  if (kind === 'sequence') return steps.map((step, i) => (i > failed ? skip(step) : step));
  const last = steps.length - 1;
  return failed < last ? steps.map((step, i) => (i === last ? skip(step) : step)) : steps;
}

function skip<S extends FlowStepInfo>(step: S): S {
  const { reason: _reason, ...rest } = step;
  return { ...rest, status: 'skipped' } as S;
}

/** A flow's status from its steps': running once one has started, failed or succeeded once all have ended. */
export function flowStatus(steps: readonly FlowStepInfo[]): TaskStatus {
  const ended = steps.every((s) => s.status === 'succeeded' || s.status === 'failed' || s.status === 'skipped');
  if (ended) return steps.some((s) => s.status !== 'succeeded') ? 'failed' : 'succeeded';
  return steps.some((s) => s.status !== 'waiting') ? 'running' : 'queued';
}

/** How many steps have ended, are running and are waiting. */
export function stepCounts(steps: readonly FlowStepInfo[]): { done: number; running: number; waiting: number } {
  const running = steps.filter((s) => s.status === 'running').length;
  const waiting = steps.filter((s) => s.status === 'waiting').length;
  return { done: steps.length - running - waiting, running, waiting };
}
