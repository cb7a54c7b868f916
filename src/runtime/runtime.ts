import { randomUUID } from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors.js';
import type { ContextRuntime } from './context-runtime.js';
import type { TaskFilter, TaskInfo, TaskRef } from './executor.js';
import { Flow, type FlowBuilder } from './flow/flow.js';
import type { FlowInfo } from './flow/flow-state.js';
import { FlowTask } from './flow/flow-task.js';
import { JobProxy } from './job-proxy.js';
import { LOCAL_LABEL, validateLabel } from './labels.js';
import type { TaskMessage } from './message.js';
import { readsOnlyItsModel } from './model-application.js';
import { ModelProxy } from './model-proxy.js';
import type { PingResult } from './ping-result.js';
import type { Routing } from './routing.js';
import type { RuntimeScope } from './runtime-scope.js';
import type { RuntimeStatus } from './runtime-status.js';
import { ScriptProxy } from './script-proxy.js';
import { type ResultOptions, type Submission, Task } from './task.js';
import { taskMessage } from './task-envelope.js';
import type { PreparedTask, Preparer, TaskSubmitter } from './task-submitter.js';

export type { PingResult } from './ping-result.js';

/**
 * `om.runtime`: runs models and scripts of its handle's context and bucket, locally or on the
 * workers that serve a label. Immutable: `require()` and `mode()` return new runtimes.
 */
export class Runtime implements TaskSubmitter {
  constructor(
    private readonly om: RuntimeScope,
    private readonly hub: ContextRuntime,
    private readonly routing: Routing = {},
  ) {}

  /** A runtime whose tasks go to workers of `label`; `'local'` runs them in this process. */
  require(label: string): Runtime {
    if (validateLabel(label) === LOCAL_LABEL) return this.mode({ local: true });
    // Like omega|ml: naming a worker label ends an explicit local mode.
    return new Runtime(this.om, this.hub, { label });
  }

  /** `{ local: true }` runs tasks in this process; `{ local: false }` on workers. */
  mode(options: { local?: boolean }): Runtime {
    return new Runtime(this.om, this.hub, { ...this.routing, local: options.local });
  }

  /** The label explicitly required, if any. */
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

  /** A notebook of `om.jobs`: `job(name).run({ params, timeoutMs })` (API.md §12). */
  job(name: string): JobProxy {
    return new JobProxy(this.om, name, this);
  }

  /** A flow whose tasks run one after the other; the first failure stops it (API.md §13). */
  sequence(build: FlowBuilder): Flow {
    return new Flow('sequence', this.om, this.hub, this.routing, build);
  }

  /** A flow whose tasks all run at once; it fails if any fails, once all have ended. */
  parallel(build: FlowBuilder): Flow {
    return new Flow('parallel', this.om, this.hub, this.routing, build);
  }

  /** All tasks but the last run at once; then the last, which receives their results. */
  mapreduce(build: FlowBuilder): Flow {
    return new Flow('mapreduce', this.om, this.hub, this.routing, build);
  }

  /** A flow submitted earlier (by any process of the context), by its id. */
  flow<T = unknown>(id: string): FlowTask<T> {
    return new FlowTask<T>(id, Promise.resolve(this.hub.flowExecutor(this.isLocal)));
  }

  /** The flows that have not ended, with where each step is, newest first. */
  flows(): Promise<FlowInfo[]> {
    return this.hub.flowExecutor(this.isLocal).inProgress();
  }

  /** A round trip to a worker of the label (or the local runtime). */
  ping(payload?: unknown): Task<PingResult> {
    return this.submit(async () => ({ body: { task: 'ping', payload } }));
  }

  /** The result of a task by id, waiting for it if it has not ended. */
  async result(id: string, options: ResultOptions = {}): Promise<unknown> {
    return this.task(id).result(options);
  }

  /**
   * A task submitted earlier (by any process), by its id. Waiting for it rejects with a
   * NotFoundError when no label knows it (never sent, cancelled, or its result has expired).
   */
  task<T = unknown>(id: string): Task<T> {
    const executor = this.hub.executor(this.isLocal);
    return new Task<T>(id, (async () => ({ executor, ref: await this.locate(id) }))());
  }

  /**
   * Removes a queued task: it never runs, and whoever waits for it gets a TaskError. A task
   * already running cannot be interrupted (ConflictError), nor can a local one.
   */
  async cancel(id: string): Promise<void> {
    await this.hub.executor(this.isLocal).cancel(await this.locate(id));
  }

  /** The tasks still known (queued, running, and ended ones until their results expire), newest first. */
  tasks(filter: TaskFilter = {}): Promise<TaskInfo[]> {
    if (filter.label !== undefined) validateLabel(filter.label);
    return this.hub.executor(this.isLocal).tasks(filter);
  }

  /**
   * Removes every queued task of a label; running ones go on. Without `force` nothing is removed:
   * a ValidationError says how many tasks would be. Resolves to the number removed.
   */
  async purge(label: string, options: { force?: boolean } = {}): Promise<number> {
    validateLabel(label);
    const executor = this.hub.executor(this.isLocal);
    const queued = await executor.purge(label, !options.force);
    if (!options.force && queued > 0) {
      throw new ValidationError(
        `purge would delete ${queued} queued task${queued === 1 ? '' : 's'} of label ${label} in context ${this.om.context}; confirm with force (om runtime purge --label ${label} --force)`,
      );
    }
    return queued;
  }

  /** The label a task was sent to, found by its id. */
  private async locate(id: string): Promise<TaskRef> {
    if (this.isLocal) {
      const known = await this.hub.executor(true).status({ id, label: '' });
      if (known === null) throw new NotFoundError(`task ${id} is not known to this process's local runtime`);
      return { id, label: '' };
    }
    const executor = this.hub.executor(false);
    for (const label of await executor.labels()) {
      if ((await executor.status({ id, label })) !== null) return { id, label };
    }
    throw new NotFoundError(`task ${id} is not known in context ${this.om.context} (its result may have expired)`);
  }

  /**
   * Makes a new secret for signing the context's task messages (API: `om runtime rotate-secret`).
   * Workers re-read it on the first message it signs; messages signed with the old one are
   * accepted for five more minutes, so running clients (which re-read every minute) catch up.
   */
  rotateSecret(): Promise<void> {
    return this.hub.rotateSecret();
  }

  /** Workers, queue depths and labels with waiting tasks but no worker. */
  status(): Promise<RuntimeStatus> {
    return this.hub.executor(this.isLocal).describe();
  }

  /**
   * Sends a task. `prepare` runs first (checks, temp data) and may name the label the object is
   * bound to; an explicit `require()` wins over it. `cleanup` undoes `prepare` if sending fails.
   */
  submit<T>(prepare: Preparer): Task<T> {
    const id = randomUUID();
    const submitted = (async (): Promise<Submission> => {
      const local = this.isLocal;
      const { message, cleanup } = this.message(id, await prepare(id));
      const executor = this.hub.executor(local);
      try {
        await executor.submit(message);
      } catch (error) {
        await cleanup?.();
        throw error;
      }
      return { executor, ref: { id, label: message.label } };
    })();
    return new Task<T>(id, submitted);
  }

  /**
   * @internal What awaiting `submit(prepare)` resolves to. When tasks run in this process, the
   * task runs at once, without a Task, and its data is not encoded again: for callers whose data
   * came from JSON and that wait for the result anyway (the REST server's synchronous calls). A
   * model action that reads only its model (a prediction of literal rows) needs no message at all:
   * it is served like a bare handler would, from the decoded model, and is not listed as a task.
   */
  async resultOf<T>(prepare: Preparer): Promise<T> {
    if (!this.isLocal) return this.submit<T>(prepare).result();
    const id = randomUUID();
    const executor = await this.hub.localExecutor();
    const prepared = await prepare(id, { inProcess: true });
    if (readsOnlyItsModel(prepared.body)) return (await executor.apply(this.om, id, prepared.body)) as T;
    const { message, cleanup } = this.message(id, prepared);
    let done: Promise<unknown>;
    try {
      done = executor.run(message);
    } catch (error) {
      await cleanup?.();
      throw error;
    }
    return (await done) as T;
  }

  /** The message of a prepared task: its body in this runtime's envelope. */
  private message(id: string, prepared: PreparedTask): { message: TaskMessage; cleanup?: () => Promise<void> } {
    const { body, boundLabel, cleanup } = prepared;
    const address = {
      context: this.om.context,
      bucket: this.om.bucketName,
      required: this.routing.label,
      bound: boundLabel,
    };
    return { message: taskMessage(id, address, body), cleanup };
  }
}
