import { ValidationError } from '../errors.js';
import type { RuntimeScope } from './runtime-scope.js';
import type { TaskContexts } from './task-runner.js';

/** A context the worker opened, which it closes when it stops. */
type OpenedContext = RuntimeScope & { close(): Promise<void> };

/**
 * The contexts a worker serves, opened from its own config on first use and kept open. A task
 * names its context; a worker never learns a store URL from a message.
 */
export class WorkerContexts<T extends OpenedContext = OpenedContext> implements TaskContexts {
  private readonly opened = new Map<string, Promise<T>>();

  constructor(
    readonly names: readonly string[],
    private readonly setup: (context: string) => Promise<T>,
  ) {}

  open(context: string): Promise<T> {
    if (!this.names.includes(context)) {
      return Promise.reject(
        new ValidationError(`this worker does not serve context ${context} (it serves ${this.names.join(', ')})`),
      );
    }
    let om = this.opened.get(context);
    if (!om) {
      om = this.setup(context);
      // A context that failed to open (server down) is tried again by the next task.
      om.catch(() => this.opened.delete(context));
      this.opened.set(context, om);
    }
    return om;
  }

  async close(): Promise<void> {
    const opened = await Promise.allSettled(this.opened.values());
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
  }
}
