import type { Executor, TaskFilter, TaskInfo, TaskRef, TaskStatus } from './executor.js';
import type { TaskMessage } from './message.js';
import type { RuntimeStatus } from './runtime-status.js';

/**
 * An executor whose module is imported on its first call: the BullMQ one, so that a context whose
 * tasks run locally (and `import('omegats')`) never loads bullmq and ioredis; the local one, so
 * that a process that runs no task never loads the message schemas (zod) and the model runtimes.
 */
export class DeferredExecutor implements Executor {
  private loading: Promise<Executor> | undefined;

  constructor(private readonly load: () => Promise<Executor>) {}

  async submit(message: TaskMessage): Promise<void> {
    return (await this.executor()).submit(message);
  }

  async outcome(task: TaskRef, timeoutMs?: number): Promise<unknown> {
    return (await this.executor()).outcome(task, timeoutMs);
  }

  async status(task: TaskRef): Promise<TaskStatus | null> {
    return (await this.executor()).status(task);
  }

  async cancel(task: TaskRef): Promise<void> {
    return (await this.executor()).cancel(task);
  }

  async tasks(filter: TaskFilter): Promise<TaskInfo[]> {
    return (await this.executor()).tasks(filter);
  }

  async purge(label: string, dryRun: boolean): Promise<number> {
    return (await this.executor()).purge(label, dryRun);
  }

  async labels(): Promise<string[]> {
    return (await this.executor()).labels();
  }

  async describe(): Promise<RuntimeStatus> {
    return (await this.executor()).describe();
  }

  /** Closes the executor if it was made; one never made (or that failed to load) has nothing to close. */
  async close(): Promise<void> {
    const executor = await this.loading?.catch(() => undefined);
    await executor?.close();
  }

  private executor(): Promise<Executor> {
    this.loading ??= this.load();
    return this.loading;
  }
}
