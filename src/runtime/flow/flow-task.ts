import { NotFoundError } from '../../errors.js';
import type { TaskStatus } from '../executor.js';
import type { ResultOptions } from '../task.js';
import type { FlowExecutor } from './flow-executor.js';
import type { FlowInfo } from './flow-state.js';

/** The result revival (zod schemas) loads with the first flow result, as a Task's does. */
let resultModule: Promise<typeof import('./flow-result.js')> | undefined;
const loadResult = () => {
  resultModule ??= import('./flow-result.js');
  return resultModule;
};

/**
 * A submitted flow (API.md §13): its id at once, awaitable for the results in the order the
 * tasks were added. A failed step rejects it with a TaskError (a sequence names the step that
 * failed, a parallel flow or a mapreduce lists every failure); a flow that could not be sent
 * rejects with that error.
 */
export class FlowTask<T = unknown> implements PromiseLike<T[]> {
  private settled: Promise<T[]> | undefined;

  constructor(
    readonly id: string,
    private readonly sending: Promise<FlowExecutor>,
  ) {
    sending.catch(() => undefined);
  }

  /** Resolves once the whole flow is queued (or started in-process); rejects with a submission error. */
  async submitted(): Promise<void> {
    await this.sending;
  }

  /** `queued` until a step starts, then `running`, then `succeeded` or `failed`. */
  async status(): Promise<TaskStatus> {
    let executor: FlowExecutor;
    try {
      executor = await this.sending;
    } catch {
      return 'failed';
    }
    return (await executor.info(this.id))?.status ?? 'failed';
  }

  /** The flow and where each step is (`om runtime flow <id>`). */
  async info(): Promise<FlowInfo> {
    const info = await (await this.sending).info(this.id);
    if (!info) throw new NotFoundError(`flow ${this.id} is not known (never sent, or it has expired)`);
    return info;
  }

  /** The results in the order the tasks were added (omega|ml's `getall()`): what awaiting the flow gives. */
  getall(): Promise<T[]> {
    return this.result();
  }

  result(options: ResultOptions = {}): Promise<T[]> {
    if (options.timeoutMs === undefined) {
      this.settled ??= this.wait();
      return this.settled;
    }
    return this.wait(options.timeoutMs);
  }

  // biome-ignore lint/suspicious/noThenProperty: a FlowTask is awaitable by design (API.md §13).
  then<R1 = T[], R2 = never>(
    onfulfilled?: ((value: T[]) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.result().then(onfulfilled, onrejected);
  }

  catch<R = never>(onrejected?: ((reason: unknown) => R | PromiseLike<R>) | null): Promise<T[] | R> {
    return this.result().catch(onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T[]> {
    return this.result().finally(onfinally);
  }

  private async wait(timeoutMs?: number): Promise<T[]> {
    const outcome = await (await this.sending).outcome(this.id, timeoutMs);
    return (await loadResult()).flowResults(outcome) as T[];
  }
}
