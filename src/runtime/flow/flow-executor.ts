import type { TaskMessage } from '../message.js';
import type { FlowInfo, FlowKind, FlowOutcome } from './flow-state.js';

/** A flow ready to submit: every step's message made (and checked), in the order added. */
export interface FlowPlan {
  id: string;
  kind: FlowKind;
  context: string;
  bucket: string;
  /** ISO 8601 time of submission. */
  submitted: string;
  steps: TaskMessage[];
}

/** Runs whole flows somewhere: in this process (local) or as BullMQ flows on workers. */
export interface FlowExecutor {
  /** Resolves once the whole flow is accepted (queued at once, or started in-process). */
  submit(plan: FlowPlan): Promise<void>;
  /**
   * Every step's end once the flow has ended; a NotFoundError for an unknown flow, a TaskError
   * for a wait longer than `timeoutMs` or a flow the broker lost.
   */
  outcome(id: string, timeoutMs?: number): Promise<FlowOutcome>;
  /** Where the flow and each step is; null when the flow is unknown (or has expired). */
  info(id: string): Promise<FlowInfo | null>;
  /** The flows that have not ended, newest first. */
  inProgress(): Promise<FlowInfo[]>;
  close(): Promise<void>;
}
