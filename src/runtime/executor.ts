import type { TaskMessage } from './message.js';
import type { RuntimeStatus } from './runtime-status.js';

export type TaskStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/** Where a task was sent: enough to find it again. */
export interface TaskRef {
  readonly id: string;
  readonly label: string;
}

/** Runs task messages somewhere: in this process (local) or on workers (BullMQ). */
export interface Executor {
  /** Resolves once the task is accepted (queued, or started in-process). */
  submit(message: TaskMessage): Promise<void>;
  /**
   * The task's result as JSON (a TaskResult) once it has ended; a failed task rejects with a
   * TaskError carrying the remote message, as does a wait longer than `timeoutMs`.
   */
  outcome(task: TaskRef, timeoutMs?: number): Promise<unknown>;
  /** null when the task is unknown (never sent, or its result has expired). */
  status(task: TaskRef): Promise<TaskStatus | null>;
  /** The labels to look in for a task known by id only. */
  labels(): Promise<string[]>;
  /** Workers, queue depths and labels nobody serves. */
  describe(): Promise<RuntimeStatus>;
  close(): Promise<void>;
}
