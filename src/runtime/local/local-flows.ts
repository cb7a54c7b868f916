import { NotFoundError, TaskError } from '../../errors.js';
import type { FlowExecutor, FlowPlan } from '../flow/flow-executor.js';
import { type FlowInfo, type FlowOutcome, flowStatus, markSkipped, type StepEnd } from '../flow/flow-state.js';
import { resultValue, withResults } from '../flow/reduce-input.js';
import { dropSkippedTempData } from '../flow/skipped-steps.js';
import { parseTaskMessage, type TaskMessage } from '../message.js';
import type { RuntimeScope } from '../runtime-scope.js';
import { describeTask } from '../task-description.js';
import { describeFailure } from '../task-runner.js';
import type { LocalExecutor } from './local-executor.js';

/** How many ended flows `flow(id)` can still find. */
const REMEMBERED = 100;

interface LocalFlow {
  readonly plan: FlowPlan;
  /** Updated as the steps run. */
  readonly steps: StepEnd[];
  readonly done: Promise<FlowOutcome>;
}

/**
 * Runs flows in this process with the semantics of the BullMQ ones: each step is a task of the
 * local executor (same message checks and JSON round trip), a sequence one after the other until
 * one fails, a parallel flow all at once, a mapreduce all but the last at once, then the last with
 * their results.
 */
export class LocalFlows implements FlowExecutor {
  private readonly known = new Map<string, LocalFlow>();

  constructor(
    private readonly tasks: LocalExecutor,
    /** The context's handle, for the temp data of steps that never ran. */
    private readonly scope: () => RuntimeScope,
  ) {}

  /** Every step's message is checked before the first runs. */
  async submit(plan: FlowPlan): Promise<void> {
    const messages = plan.steps.map((message) => parseTaskMessage(message));
    const steps = messages.map(
      (message, index): StepEnd => ({
        index,
        id: message.id,
        label: message.label,
        ...describeTask(message),
        status: 'waiting',
      }),
    );
    const done = this.run(plan, steps, messages);
    // Nobody may wait for the flow; its outcome is kept for whoever asks.
    done.catch(() => undefined);
    this.known.set(plan.id, { plan, steps, done });
    this.forgetOldest();
  }

  async outcome(id: string, timeoutMs?: number): Promise<FlowOutcome> {
    const flow = this.flow(id);
    if (timeoutMs === undefined) return flow.done;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const status = flowStatus(flow.steps);
        reject(new TaskError(`flow ${id} did not finish within ${timeoutMs} ms (it is still ${status})`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([flow.done, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async info(id: string): Promise<FlowInfo | null> {
    const flow = this.known.get(id);
    return flow ? describe(flow) : null;
  }

  async inProgress(): Promise<FlowInfo[]> {
    return [...this.known.values()]
      .map(describe)
      .filter((info) => info.status === 'queued' || info.status === 'running')
      .reverse();
  }

  /** The local executor ends the steps still running when the context closes. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.known.values()].map((flow) => flow.done));
  }

  private async run(plan: FlowPlan, steps: StepEnd[], messages: TaskMessage[]): Promise<FlowOutcome> {
    const step = (i: number, message: TaskMessage) => this.step(steps[i] as StepEnd, message);
    if (plan.kind === 'sequence') {
      for (const [i, message] of messages.entries()) {
        if ((await step(i, message)) === 'failed') break;
      }
    } else if (plan.kind === 'parallel') {
      await Promise.all(messages.map((message, i) => step(i, message)));
    } else {
      const last = messages.length - 1;
      const mapped = await Promise.all(messages.slice(0, last).map((message, i) => step(i, message)));
      if (mapped.every((status) => status === 'succeeded')) {
        const results = steps.slice(0, last).map((s) => resultValue(s.result));
        await step(last, withResults(messages[last] as TaskMessage, results));
      }
    }
    const ended = markSkipped(plan.kind, steps);
    steps.splice(0, steps.length, ...ended);
    await dropSkippedTempData(this.scope(), ended, async (s) => messages[s.index] ?? null);
    return { id: plan.id, kind: plan.kind, steps: ended };
  }

  /** Runs one step as a local task and records how it ended. */
  private async step(step: StepEnd, message: TaskMessage): Promise<'succeeded' | 'failed'> {
    step.status = 'running';
    try {
      await this.tasks.submit(message);
      step.result = await this.tasks.outcome({ id: message.id, label: message.label });
      step.status = 'succeeded';
    } catch (error) {
      step.status = 'failed';
      step.reason = describeFailure(error instanceof TaskError && error.cause ? error.cause : error);
    }
    return step.status;
  }

  private flow(id: string): LocalFlow {
    const flow = this.known.get(id);
    if (!flow) throw new NotFoundError(`flow ${id} is not known to this process's local runtime`);
    return flow;
  }

  private forgetOldest(): void {
    for (const [id, flow] of this.known) {
      if (this.known.size <= REMEMBERED) return;
      const status = flowStatus(flow.steps);
      if (status === 'succeeded' || status === 'failed') this.known.delete(id);
    }
  }
}

/** A flow as `info` shows it: where each step is, without results. */
function describe(flow: LocalFlow): FlowInfo {
  const { plan } = flow;
  const steps = markSkipped(
    plan.kind,
    flow.steps.map(({ result: _result, ...step }) => step),
  );
  return {
    id: plan.id,
    kind: plan.kind,
    context: plan.context,
    bucket: plan.bucket,
    submitted: plan.submitted,
    status: flowStatus(steps),
    steps,
  };
}
