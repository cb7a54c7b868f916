import { hostname } from 'node:os';
import { ConflictError, NotFoundError, TaskError } from '../../errors.js';
import type { Executor, TaskFilter, TaskInfo, TaskRef, TaskStatus } from '../executor.js';
import { encodeTaskMessage, type TaskMessage } from '../message.js';
import type { ModelApplication } from '../model-application.js';
import { reviveResult } from '../outcome.js';
import type { RuntimeScope } from '../runtime-scope.js';
import type { RuntimeStatus } from '../runtime-status.js';
import { describeTask } from '../task-description.js';
import { describeFailure, type TaskRunner } from '../task-runner.js';

/** How many finished tasks `result(id)` can still find. */
const REMEMBERED = 1000;

interface LocalTask {
  state: TaskStatus;
  readonly done: Promise<unknown>;
  readonly info: Omit<TaskInfo, 'status'>;
}

/**
 * Runs each task in this process as soon as it is submitted, through the same JSON encoding as
 * a remote run: the message is checked, then encoded and decoded, and the result goes through
 * JSON — what would not survive the trip to a worker fails here too. The decoded message is not
 * checked again: every field the schema types is a string, a boolean or an object of them, which
 * JSON gives back as they were, and the rest (rows, params, payloads) is free-form.
 */
export class LocalExecutor implements Executor {
  private readonly known = new Map<string, LocalTask>();

  constructor(
    private readonly runner: TaskRunner,
    private readonly context: string,
  ) {}

  async submit(message: TaskMessage): Promise<void> {
    this.start(JSON.parse(encodeTaskMessage(message)) as TaskMessage);
  }

  /**
   * Runs a task at once and resolves to its result as the caller of its Task would see it (its
   * `outcome`, revived), for a caller in this process that waits for it anyway and whose data
   * came from JSON (the REST server's synchronous calls). The message is neither encoded nor
   * checked again: `Runtime.resultOf` builds it from parts checked as they came in (names by
   * the store, labels by `require`, data by `dataRef`), and it never leaves this process.
   */
  run(message: TaskMessage): Promise<unknown> {
    return this.start(message).then(reviveResult);
  }

  /**
   * A model action that reads only its model, for a caller in this process that waits for it and
   * whose data came from JSON (see `Runtime.resultOf`): no message, and not kept, since nobody
   * knows its id. A failure is a TaskError, as the task's would be.
   */
  apply(om: RuntimeScope, id: string, request: ModelApplication): Promise<unknown> {
    return this.runner.apply(om, request).catch((error: unknown) => {
      throw failedTask(id, error);
    });
  }

  /** Runs a checked message, known by its id until it is forgotten; resolves to its outcome (JSON). */
  private start(message: TaskMessage): Promise<unknown> {
    const { action, object } = describeTask(message);
    const info = {
      id: message.id,
      label: message.label,
      worker: this.runner.worker,
      action,
      object,
      submitted: message.submitted,
    };
    const task: LocalTask = { state: 'running', done: Promise.resolve(), info };
    const done = this.runner.run(message).then(
      (result) => {
        task.state = 'succeeded';
        return JSON.parse(JSON.stringify(result)) as unknown;
      },
      (error: unknown) => {
        task.state = 'failed';
        throw failedTask(message.id, error);
      },
    );
    // The caller may never ask for the result; the failure is kept for whoever does.
    done.catch(() => undefined);
    this.known.set(message.id, Object.assign(task, { done }));
    this.forgetOldest();
    return done;
  }

  async outcome(task: TaskRef, timeoutMs?: number): Promise<unknown> {
    const local = this.known.get(task.id);
    if (!local) throw new NotFoundError(`task ${task.id} is not known to this process's local runtime`);
    if (timeoutMs === undefined) return local.done;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(new TaskError(`task ${task.id} did not finish within ${timeoutMs} ms (it is still ${local.state})`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([local.done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async status(task: TaskRef): Promise<TaskStatus | null> {
    return this.known.get(task.id)?.state ?? null;
  }

  /** Local tasks start as they are submitted, and cannot be interrupted. */
  async cancel(task: TaskRef): Promise<void> {
    const local = this.known.get(task.id);
    if (!local) throw new NotFoundError(`task ${task.id} is not known to this process's local runtime`);
    throw new ConflictError(
      `task ${task.id} is ${local.state} in this process (the local runtime): only a queued task can be cancelled`,
    );
  }

  async tasks(filter: TaskFilter): Promise<TaskInfo[]> {
    return [...this.known.values()]
      .filter((task) => (filter.label ?? task.info.label) === task.info.label)
      .filter((task) => (filter.status ?? task.state) === task.state)
      .map((task) => ({ ...task.info, status: task.state }))
      .reverse();
  }

  /** Nothing waits in the local runtime. */
  async purge(): Promise<number> {
    return 0;
  }

  async labels(): Promise<string[]> {
    return [];
  }

  /** This process is the only worker; it serves every label. */
  async describe(): Promise<RuntimeStatus> {
    const running = [...this.known.values()].filter((task) => task.state === 'running').length;
    const now = new Date().toISOString();
    return {
      context: this.context,
      broker: 'local',
      workers: [
        {
          id: this.runner.worker,
          host: hostname(),
          pid: process.pid,
          labels: ['*'],
          contexts: [this.context],
          concurrency: running,
          started: now,
          heartbeat: now,
        },
      ],
      queues: [],
      unserved: [],
    };
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.known.values()].map((task) => task.done));
    await this.runner.close();
  }

  private forgetOldest(): void {
    for (const [id, task] of this.known) {
      if (this.known.size <= REMEMBERED) return;
      if (task.state === 'succeeded' || task.state === 'failed') this.known.delete(id);
    }
  }
}

/** What a task whose run failed rejects with: a TaskError carrying the remote message. */
function failedTask(id: string, error: unknown): TaskError {
  return new TaskError(`task ${id} failed: ${describeFailure(error)}`, { cause: error });
}
