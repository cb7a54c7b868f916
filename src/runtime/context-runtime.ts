import { hostname } from 'node:os';
import type { ContextSpec } from '../config/context-spec.js';
import { UnavailableError, ValidationError } from '../errors.js';
import type { BrokerSchedules } from '../schedules/broker-schedules.js';
import { DeferredExecutor } from './deferred-executor.js';
import type { Executor } from './executor.js';
import { DeferredFlows } from './flow/deferred-flows.js';
import type { FlowExecutor } from './flow/flow-executor.js';
import type { LocalExecutor } from './local/local-executor.js';
import type { MessageSigner } from './message-signer.js';
import type { RuntimeScope } from './runtime-scope.js';

/**
 * The executors of one open context, shared by all its bucket handles and runtimes: the local
 * one (tasks run in this process, on this context) and, when the context has a broker, the
 * BullMQ one. Both are made on first use and closed with the context.
 */
export class ContextRuntime {
  private local: DeferredExecutor | undefined;
  private localLoading: Promise<LocalExecutor> | undefined;
  private remote: DeferredExecutor | undefined;
  private localFlows: DeferredFlows | undefined;
  private remoteFlows: DeferredFlows | undefined;
  private schedules: Promise<BrokerSchedules & { close(): Promise<void> }> | undefined;
  private closed = false;

  constructor(
    readonly spec: ContextSpec,
    private readonly root: () => RuntimeScope,
    /** Signs the messages sent to workers; the local runtime's never leave the process. */
    private readonly signer: MessageSigner,
  ) {}

  /** Tasks run locally when asked to, when the context says so (OMEGA_LOCAL_RUNTIME), or when it has no broker. */
  runsLocally(requested: boolean | undefined): boolean {
    if (requested === false && this.spec.broker === null) {
      throw new ValidationError(
        `context ${this.spec.name} has no broker, so its tasks can only run locally; configure broker: redis://… to use workers`,
      );
    }
    return requested ?? (this.spec.local || this.spec.broker === null);
  }

  executor(local: boolean): Executor {
    if (this.closed) throw new UnavailableError(`context ${this.spec.name} is closed`);
    if (local) {
      this.local ??= new DeferredExecutor(() => this.localExecutor());
      return this.local;
    }
    const broker = this.spec.broker as string;
    this.remote ??= new DeferredExecutor(async () => {
      const { BullmqExecutor } = await import('./bullmq/bullmq-executor.js');
      return new BullmqExecutor(broker, this.spec.name, this.signer);
    });
    return this.remote;
  }

  /** Where flows run: in this process, or as BullMQ flows on the context's broker (made on first use). */
  flowExecutor(local: boolean): FlowExecutor {
    if (this.closed) throw new UnavailableError(`context ${this.spec.name} is closed`);
    if (local) {
      this.localFlows ??= new DeferredFlows(async () => {
        const { LocalFlows } = await import('./local/local-flows.js');
        return new LocalFlows(await this.localExecutor(), this.root);
      });
      return this.localFlows;
    }
    const broker = this.spec.broker as string;
    this.remoteFlows ??= new DeferredFlows(async () => {
      const { BullmqFlows } = await import('./bullmq/bullmq-flows.js');
      return new BullmqFlows(broker, this.spec.name, this.signer);
    });
    return this.remoteFlows;
  }

  /** A new runtime secret for the context: workers refuse messages signed with the old one once its grace ends. */
  rotateSecret(): Promise<void> {
    if (this.closed) throw new UnavailableError(`context ${this.spec.name} is closed`);
    return this.signer.rotate();
  }

  /** The local executor itself (made on first use, shared with `executor(true)`): what runs a task at once. */
  localExecutor(): Promise<LocalExecutor> {
    this.localLoading ??= (async () => {
      const [{ LocalExecutor }, { TaskRunner }] = await Promise.all([
        import('./local/local-executor.js'),
        import('./task-runner.js'),
      ]);
      const runner = new TaskRunner({ open: async (name) => this.open(name) }, `local@${hostname()}:${process.pid}`);
      return new LocalExecutor(runner, this.spec.name);
    })();
    return this.localLoading;
  }

  /** The broker's job schedulers of the context (made on first use); null when it has no broker. */
  brokerSchedules(): Promise<BrokerSchedules> | null {
    if (this.closed) throw new UnavailableError(`context ${this.spec.name} is closed`);
    const broker = this.spec.broker;
    if (broker === null) return null;
    this.schedules ??= import('./bullmq/job-schedulers.js').then(
      ({ BullmqJobSchedulers }) => new BullmqJobSchedulers(broker, this.spec.name),
    );
    return this.schedules;
  }

  async close(): Promise<void> {
    this.closed = true;
    // The local executor, however it was reached; one that failed to load has nothing to close.
    const local = this.localLoading?.then(
      (executor) => executor.close(),
      () => undefined,
    );
    const schedules = this.schedules?.then((s) => s.close());
    await Promise.all([this.localFlows?.close(), this.remoteFlows?.close()]);
    await Promise.all([local, this.remote?.close(), schedules]);
  }

  private open(context: string): RuntimeScope {
    if (context !== this.spec.name)
      throw new ValidationError(`the local runtime of context ${this.spec.name} got a task for context ${context}`);
    return this.root();
  }
}
