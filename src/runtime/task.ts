import type { Executor, TaskRef, TaskStatus } from './executor.js';

export interface ResultOptions {
  /**
   * How long to wait; a longer wait rejects with a TaskError saying the task is still queued or
   * running (the task itself goes on, and can be waited for again).
   */
  timeoutMs?: number;
}

/** Where a task went once submitted. */
export interface Submission {
  readonly executor: Executor;
  readonly ref: TaskRef;
}

/**
 * A submitted task: its id at once, awaitable for its result. Submission errors (a model that
 * does not exist, an unreachable broker) reject it with their own error; a failure where it ran
 * rejects it with a TaskError carrying the remote message.
 */
export class Task<T = unknown> implements PromiseLike<T> {
  private settled: Promise<T> | undefined;

  constructor(
    readonly id: string,
    private readonly sending: Promise<Submission>,
  ) {
    // Nobody may ever wait for this task; its failure is kept for whoever asks.
    sending.catch(() => undefined);
  }

  /** Resolves once the task is queued (or started in-process); rejects with a submission error. */
  async submitted(): Promise<void> {
    await this.sending;
  }

  /** The label the task was sent to (`local` tasks keep the label they asked for). */
  async label(): Promise<string> {
    return (await this.sending).ref.label;
  }

  /**
   * `queued` until a worker takes it (or while it is being submitted), then `running`, `succeeded`
   * or `failed`. A queued task whose label no live worker serves is `unserved` (it runs once one
   * starts); local tasks never are. A task that could not be sent, or was cancelled, is `failed`.
   */
  async status(): Promise<TaskStatus> {
    let submission: Submission;
    try {
      submission = await this.sending;
    } catch {
      return 'failed';
    }
    return (await submission.executor.status(submission.ref)) ?? 'failed';
  }

  result(options: ResultOptions = {}): Promise<T> {
    if (options.timeoutMs === undefined) {
      this.settled ??= this.wait();
      return this.settled;
    }
    return this.wait(options.timeoutMs);
  }

  // biome-ignore lint/suspicious/noThenProperty: a Task is awaitable by design (API.md §6).
  then<R1 = T, R2 = never>(
    onfulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.result().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T | R> {
    return this.result().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.result().finally(onfinally);
  }

  private async wait(timeoutMs?: number): Promise<T> {
    const { executor, ref } = await this.sending;
    const outcome = await executor.outcome(ref, timeoutMs);
    // The result schemas (zod) load with the first result, not with the package.
    return (await outcomeModule()).reviveResult(outcome) as T;
  }
}

let outcomeLoading: Promise<typeof import('./outcome.js')> | undefined;

/** The result schemas, imported once (a dynamic import per result costs a module lookup each time). */
function outcomeModule(): Promise<typeof import('./outcome.js')> {
  outcomeLoading ??= import('./outcome.js');
  return outcomeLoading;
}
