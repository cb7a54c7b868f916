import type { TaskMessage } from './message.js';
import type { RuntimeStatus } from './runtime-status.js';

/**
 * Where a task is. `unserved` is a queued task whose label no live worker serves: it waits until
 * one starts (API.md §6 lists queued|running|succeeded|failed; unserved is a kind of queued).
 * A cancelled task is `failed`.
 */
export type TaskStatus = 'queued' | 'unserved' | 'running' | 'succeeded' | 'failed';

export const TASK_STATUSES: readonly TaskStatus[] = ['queued', 'unserved', 'running', 'succeeded', 'failed'];

/** Where a task was sent: enough to find it again. */
export interface TaskRef {
  readonly id: string;
  readonly label: string;
}

/** One line of `om runtime tasks`. */
export interface TaskInfo {
  id: string;
  label: string;
  status: TaskStatus;
  /** The worker that took it; null while nobody has. */
  worker: string | null;
  /** `model`, `script`, `job` or `ping`, with the model action: `model fit`. */
  action: string;
  /** The model, script or job; null for a ping. */
  object: string | null;
  /** ISO 8601 time of submission. */
  submitted: string;
}

export interface TaskFilter {
  label?: string;
  /** `queued` includes the unserved ones. */
  status?: TaskStatus;
}

/** Runs task messages somewhere: in this process (local) or on workers (BullMQ). */
export interface Executor {
  /** Resolves once the task is accepted (queued, or started in-process). */
  submit(message: TaskMessage): Promise<void>;
  /**
   * The task's result as JSON (a TaskResult) once it has ended; a failed or cancelled task
   * rejects with a TaskError carrying the remote message, as does a wait longer than `timeoutMs`.
   */
  outcome(task: TaskRef, timeoutMs?: number): Promise<unknown>;
  /** null when the task is unknown (never sent, cancelled, or its result has expired). */
  status(task: TaskRef): Promise<TaskStatus | null>;
  /** Removes a queued task; a ConflictError when it is running or has ended. */
  cancel(task: TaskRef): Promise<void>;
  /** The tasks still known, newest first. */
  tasks(filter: TaskFilter): Promise<TaskInfo[]>;
  /** Removes the queued tasks of a label (only counts them with `dryRun`); how many. */
  purge(label: string, dryRun: boolean): Promise<number>;
  /** The labels to look in for a task known by id only. */
  labels(): Promise<string[]>;
  /** Workers, queue depths and labels nobody serves. */
  describe(): Promise<RuntimeStatus>;
  close(): Promise<void>;
}
