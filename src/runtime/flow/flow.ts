import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import type { Routing } from '../routing.js';
import type { RuntimeScope } from '../runtime-scope.js';
import { type CollectedTask, CollectingRuntime, type LocalDecision } from './collecting-runtime.js';
import type { FlowExecutor } from './flow-executor.js';
import { prepareFlow } from './flow-plan.js';
import type { FlowKind } from './flow-state.js';
import { FlowTask } from './flow-task.js';

/** What a flow's builder is: it adds tasks through `crt`, synchronously. */
export type FlowBuilder = (crt: CollectingRuntime) => void;

/** Where flows go: the context's flow executors (ContextRuntime). */
export interface FlowHost extends LocalDecision {
  flowExecutor(local: boolean): FlowExecutor;
}

/**
 * The tasks a builder collected, as one flow of `kind`, not yet sent: `run()` sends it (each run
 * is a new flow, with new task ids). The builder runs at once; an empty flow, a mapreduce of
 * fewer than two tasks, or tasks both local and on workers are a ValidationError.
 */
export class Flow {
  private readonly tasks: readonly CollectedTask[];
  private readonly local: boolean;

  constructor(
    readonly kind: FlowKind,
    private readonly om: RuntimeScope,
    private readonly host: FlowHost,
    routing: Routing,
    build: FlowBuilder,
  ) {
    const collected: CollectedTask[] = [];
    const returned: unknown = build(new CollectingRuntime(om, host, collected, routing));
    if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function') {
      throw new ValidationError(
        `the builder of a ${kind} must add its tasks synchronously: load what it needs first, then call ${kind}((crt) => { … })`,
      );
    }
    if (collected.length === 0) {
      throw new ValidationError(
        `an empty ${kind}: its builder added no task (call crt.model(…), crt.script(…), crt.job(…) or crt.ping() in it)`,
      );
    }
    if (kind === 'mapreduce' && collected.length < 2) {
      throw new ValidationError('a mapreduce needs at least two tasks: the ones that map, then the one that reduces');
    }
    const local = collected.filter((task) => task.local).length;
    if (local > 0 && local < collected.length) {
      throw new ValidationError(
        `a ${kind} runs either in this process or on workers: ${local} of its ${collected.length} tasks asked for local mode; give all or none of them require('local')`,
      );
    }
    this.tasks = collected;
    this.local = local > 0;
  }

  /** How many tasks the flow has. */
  get size(): number {
    return this.tasks.length;
  }

  /** Sends the whole flow at once; the FlowTask's id is known at once. */
  run<T = unknown>(): FlowTask<T> {
    const id = randomUUID();
    return new FlowTask<T>(id, this.submit(id));
  }

  private async submit(id: string): Promise<FlowExecutor> {
    const { plan, cleanup } = await prepareFlow(id, this.kind, this.om, this.tasks);
    const executor = this.host.flowExecutor(this.local);
    try {
      await executor.submit(plan);
    } catch (error) {
      await cleanup();
      throw error;
    }
    return executor;
  }
}
