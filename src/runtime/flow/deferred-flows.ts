import type { FlowExecutor, FlowPlan } from './flow-executor.js';
import type { FlowInfo, FlowOutcome } from './flow-state.js';

/** A flow executor whose module is imported on its first call (so that bullmq loads only when used). */
export class DeferredFlows implements FlowExecutor {
  private loading: Promise<FlowExecutor> | undefined;

  constructor(private readonly load: () => Promise<FlowExecutor>) {}

  async submit(plan: FlowPlan): Promise<void> {
    return (await this.executor()).submit(plan);
  }

  async outcome(id: string, timeoutMs?: number): Promise<FlowOutcome> {
    return (await this.executor()).outcome(id, timeoutMs);
  }

  async info(id: string): Promise<FlowInfo | null> {
    return (await this.executor()).info(id);
  }

  async inProgress(): Promise<FlowInfo[]> {
    return (await this.executor()).inProgress();
  }

  /** Closes the executor if it was made. */
  async close(): Promise<void> {
    const executor = await this.loading?.catch(() => undefined);
    await executor?.close();
  }

  private executor(): Promise<FlowExecutor> {
    this.loading ??= this.load();
    return this.loading;
  }
}
