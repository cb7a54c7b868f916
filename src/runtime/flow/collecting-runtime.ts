import { randomUUID } from 'node:crypto';
import { ValidationError } from '../../errors.js';
import { JobProxy } from '../job-proxy.js';
import { LOCAL_LABEL, validateLabel } from '../labels.js';
import { ModelProxy } from '../model-proxy.js';
import type { PingResult } from '../ping-result.js';
import type { Routing } from '../routing.js';
import type { RuntimeScope } from '../runtime-scope.js';
import { ScriptProxy } from '../script-proxy.js';
import { Task } from '../task.js';
import type { Preparer, TaskSubmitter } from '../task-submitter.js';

/** A task collected by a flow's builder: how to prepare it, and where it asked to run. */
export interface CollectedTask {
  readonly prepare: Preparer;
  /** The label given to `require()`, if any (else the object's bound label, else default). */
  readonly required: string | undefined;
  /** Whether it runs in this process. */
  readonly local: boolean;
}

/** Decides whether tasks run in this process (the context's runtime: ContextRuntime). */
export interface LocalDecision {
  runsLocally(requested: boolean | undefined): boolean;
}

/**
 * The `crt` a flow's builder receives: the face of `om.runtime` (`model`, `script`, `job`,
 * `ping`, `require`, `mode`), whose calls record tasks and submit nothing. What they return is a
 * Task that never runs on its own: awaiting it is a ValidationError saying to run the flow.
 */
export class CollectingRuntime implements TaskSubmitter {
  constructor(
    private readonly om: RuntimeScope,
    private readonly hub: LocalDecision,
    private readonly collected: CollectedTask[],
    private readonly routing: Routing = {},
  ) {}

  /** Tasks added through the returned runtime go to workers of `label` (`'local'`: in this process). */
  require(label: string): CollectingRuntime {
    if (validateLabel(label) === LOCAL_LABEL) return this.mode({ local: true });
    return new CollectingRuntime(this.om, this.hub, this.collected, { label });
  }

  mode(options: { local?: boolean }): CollectingRuntime {
    return new CollectingRuntime(this.om, this.hub, this.collected, { ...this.routing, local: options.local });
  }

  get label(): string | undefined {
    return this.routing.label;
  }

  get isLocal(): boolean {
    return this.hub.runsLocally(this.routing.local);
  }

  model(name: string): ModelProxy {
    return new ModelProxy(this.om, name, this);
  }

  script(name: string): ScriptProxy {
    return new ScriptProxy(this.om, name, this);
  }

  job(name: string): JobProxy {
    return new JobProxy(this.om, name, this);
  }

  ping(payload?: unknown): Task<PingResult> {
    return this.submit(async () => ({ body: { task: 'ping', payload } }));
  }

  /** Records the task; it is prepared and sent when the flow runs. */
  submit<T>(prepare: Preparer): Task<T> {
    this.collected.push({ prepare, required: this.routing.label, local: this.isLocal });
    return new Task<T>(randomUUID(), notSent());
  }

  resultOf<T>(): Promise<T> {
    return notSent();
  }
}

let rejection: Promise<never> | undefined;

/**
 * What waiting for a collected task gives: a ValidationError saying to run the flow. One for all
 * (a flow may collect thousands of tasks, and an error's stack costs microseconds each).
 */
function notSent(): Promise<never> {
  if (!rejection) {
    rejection = Promise.reject(
      new ValidationError('a task collected for a flow is not sent on its own: run() the flow and await its FlowTask'),
    );
    rejection.catch(() => undefined);
  }
  return rejection;
}
