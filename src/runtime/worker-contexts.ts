import { ValidationError } from '../errors.js';
import type { TaskMessage } from './message.js';
import type { MessageSigner } from './message-signer.js';
import type { RuntimeScope } from './runtime-scope.js';
import type { TaskContexts } from './task-runner.js';

/** A context handle the worker opened, which it closes when it stops. */
type OpenedContext = RuntimeScope & { close(): Promise<void> };

/** A context the worker opened, with the signer that checks its messages. */
export interface WorkerContext<T extends OpenedContext = OpenedContext> {
  readonly om: T;
  readonly signer: MessageSigner;
}

/**
 * The contexts a worker serves, opened from its own config on first use and kept open. A task
 * names its context; a worker never learns a store URL from a message.
 */
export class WorkerContexts<T extends OpenedContext = OpenedContext> implements TaskContexts {
  private readonly opened = new Map<string, Promise<WorkerContext<T>>>();

  constructor(
    readonly names: readonly string[],
    private readonly setup: (context: string) => Promise<WorkerContext<T>>,
  ) {}

  async open(context: string): Promise<T> {
    return (await this.context(context)).om;
  }

  /** Refuses (ValidationError) a message not signed with its context's runtime secret. */
  async verify(message: TaskMessage): Promise<void> {
    await (await this.context(message.context)).signer.verify(message);
  }

  async close(): Promise<void> {
    const opened = await Promise.allSettled(this.opened.values());
    await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.om.close() : undefined)));
  }

  private context(context: string): Promise<WorkerContext<T>> {
    if (!this.names.includes(context)) {
      return Promise.reject(
        new ValidationError(`this worker does not serve context ${context} (it serves ${this.names.join(', ')})`),
      );
    }
    let opened = this.opened.get(context);
    if (!opened) {
      opened = this.setup(context);
      // A context that failed to open (server down) is tried again by the next task.
      opened.catch(() => this.opened.delete(context));
      this.opened.set(context, opened);
    }
    return opened;
  }
}
