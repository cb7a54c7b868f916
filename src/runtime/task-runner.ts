import { availableParallelism, hostname } from 'node:os';
import { TaskError } from '../errors.js';
import { dropTempData } from './data-refs.js';
import { runJobTask } from './job-task.js';
import type { TaskMessage } from './message.js';
import type { ModelApplication } from './model-application.js';
import { ModelCache } from './model-cache.js';
import { applyModel, runModelTask } from './model-task.js';
import type { TaskResult } from './outcome.js';
import type { RuntimeScope } from './runtime-scope.js';
import { runScriptTask } from './script-task.js';
import { DEFAULT_TASK_TIMEOUT_MS } from './task-timeout.js';
import { Trainer } from './training/trainer.js';

/** Opens the contexts a runner serves; a context it does not serve is a ValidationError. */
export interface TaskContexts {
  open(context: string): Promise<RuntimeScope>;
}

/**
 * Runs task messages against the contexts it serves: the local runtime's in the calling process,
 * a worker's from its own config. Temp datasets of a task go when it ends, however it ends.
 * Models train in worker threads (see Trainer); predictions run here, on cached models.
 */
export class TaskRunner {
  private readonly models = new ModelCache();
  private readonly trainer: Trainer;

  constructor(
    private readonly contexts: TaskContexts,
    /** Names this process in `ping` results and status. */
    readonly worker = `${hostname()}:${process.pid}`,
    /** How many models may train at once, each in its own thread. */
    trainingThreads = availableParallelism(),
  ) {
    this.trainer = new Trainer(trainingThreads);
  }

  async run(message: TaskMessage, timeoutMs = DEFAULT_TASK_TIMEOUT_MS): Promise<TaskResult> {
    const om = (await this.contexts.open(message.context)).bucket(message.bucket);
    // A job keeps its own time: at its deadline it stores the result notebook with the error.
    if (message.task === 'job') {
      const limit = Math.min(message.timeoutMs ?? timeoutMs, timeoutMs);
      return runJobTask(om, message, { worker: this.worker, timeoutMs: limit });
    }
    // The clock, not the timer, decides: a synchronous step (a fit of a kind registered in-process)
    // keeps timers from firing until it returns.
    const deadlineAt = Date.now() + timeoutMs;
    let committing = false;
    const checkpoint = (): void => {
      if (Date.now() >= deadlineAt) throw timedOut(timeoutMs);
      committing = true;
    };
    // Made on first use: only a fit waits on it, and a controller costs microseconds per task.
    let abandoned: AbortController | undefined;
    let expired = false;
    const abandonSignal = (): AbortSignal => {
      abandoned ??= new AbortController();
      if (expired) abandoned.abort();
      return abandoned.signal;
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      const expire = () => {
        // A commit that began in time is waited for, so the result says what was written.
        if (committing) timer = setTimeout(expire, 50);
        else {
          expired = true;
          abandoned?.abort();
          reject(timedOut(timeoutMs));
        }
      };
      timer = setTimeout(expire, timeoutMs);
    });
    try {
      return await Promise.race([this.execute(om, message, checkpoint, abandonSignal), deadline]);
    } finally {
      clearTimeout(timer);
      if (message.task === 'model') await dropTempData(om, message.id, { X: message.X, Y: message.Y });
    }
  }

  /**
   * A model action that reads only its model (see `readsOnlyItsModel`), run at once on this
   * runner's cached models, without a message or a deadline: its compute is synchronous, so no
   * timer could stop it, and it commits nothing.
   */
  apply(om: RuntimeScope, request: ModelApplication): Promise<unknown> {
    return applyModel(om, this.models, request);
  }

  /** Ends the training threads; fits still running in them fail with a TaskError. */
  close(): Promise<void> {
    return this.trainer.close();
  }

  private execute(
    om: RuntimeScope,
    message: Exclude<TaskMessage, { task: 'job' }>,
    checkpoint: () => void,
    abandoned: () => AbortSignal,
  ): Promise<TaskResult> {
    switch (message.task) {
      case 'model':
        return runModelTask(om, message, {
          cache: this.models,
          trainer: this.trainer,
          worker: this.worker,
          checkpoint,
          abandoned,
        });
      case 'script':
        return runScriptTask(om, message);
      case 'ping':
        return Promise.resolve({
          type: 'value',
          value: {
            message: 'ping return message',
            worker: this.worker,
            label: message.label,
            context: message.context,
            bucket: message.bucket,
            time: new Date().toISOString(),
            ...(message.payload === undefined ? {} : { payload: message.payload }),
          },
        });
    }
  }
}

function timedOut(timeoutMs: number): TaskError {
  return new TaskError(
    `the task did not finish within ${timeoutMs} ms; a model action commits nothing after that (a running script is not interrupted)`,
  );
}

/** How a failure reads in the caller's TaskError: `<ErrorClass>: <message>`. */
export function describeFailure(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
