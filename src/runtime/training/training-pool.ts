import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import { TaskError } from '../../errors.js';
import type { EncodedModel } from '../../models/model-codec.js';
import { restoreFailure, type TrainingJob, type TrainingReply } from './protocol.js';

const HERE = import.meta.url;
const ENTRY = new URL(`./training-thread${extname(fileURLToPath(HERE))}`, HERE);

export interface TrainingPoolOptions {
  /** Threads at most, each training one model at a time; more jobs wait for a free one. */
  size: number;
  /** Heap limits of each thread (a thread that exceeds them fails its job and is replaced). */
  resourceLimits?: ResourceLimits;
}

/**
 * Worker threads that train models off the event loop, so a long fit does not keep a worker
 * from renewing its task locks and heartbeats, nor a server from answering. Threads start on
 * the first job that needs one and are kept (with the libraries they loaded) while idle, without
 * keeping the process alive. A thread that dies mid-job (out of memory, exit) fails that job with
 * a TaskError and is replaced by the next job that needs one.
 */
export class TrainingPool {
  private readonly idle: TrainingThread[] = [];
  private readonly busy = new Set<TrainingThread>();
  private readonly waiting: { resolve: (thread: TrainingThread) => void; reject: (error: Error) => void }[] = [];
  private closed = false;

  constructor(private readonly options: TrainingPoolOptions) {}

  /**
   * Trains the job's model in a thread; rejects with the error training threw there, of the same
   * class. Aborting `signal` (the task timed out) stops the thread, whose place goes to a new one.
   */
  async train(job: TrainingJob, signal?: AbortSignal): Promise<EncodedModel> {
    const thread = await this.acquire(signal);
    try {
      return await thread.run(job, signal);
    } finally {
      this.release(thread);
    }
  }

  /** Ends every thread: running jobs and waiting ones fail with a TaskError. */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(closedError());
    const threads = [...this.idle.splice(0), ...this.busy];
    await Promise.all(threads.map((thread) => thread.stop(closedError())));
  }

  private acquire(signal: AbortSignal | undefined): Promise<TrainingThread> {
    if (this.closed) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(abandonedError());
    const idle = this.idle.splice(0).filter((thread) => thread.alive);
    this.idle.push(...idle);
    const thread = this.idle.pop() ?? (this.busy.size < this.options.size ? new TrainingThread(this.options) : null);
    if (thread) {
      this.busy.add(thread);
      return Promise.resolve(thread);
    }
    return new Promise((resolve, reject) => {
      const waiter = { resolve, reject };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', () => {
        const at = this.waiting.indexOf(waiter);
        if (at < 0) return;
        this.waiting.splice(at, 1);
        reject(abandonedError());
      });
    });
  }

  private release(thread: TrainingThread): void {
    this.busy.delete(thread);
    if (this.closed) return;
    // A dead thread's place goes to a new one.
    const next = thread.alive ? thread : this.waiting.length > 0 ? new TrainingThread(this.options) : null;
    if (!next) return;
    const waiter = this.waiting.shift();
    if (waiter) {
      this.busy.add(next);
      waiter.resolve(next);
    } else {
      this.idle.push(next);
    }
  }
}

/** One worker thread and the job it runs. */
class TrainingThread {
  private readonly worker: Worker;
  private job: { resolve: (model: EncodedModel) => void; reject: (error: Error) => void } | undefined;
  /** Why the thread was stopped on purpose, for the job it ran. */
  private stopped: TaskError | undefined;
  alive = true;

  constructor(options: TrainingPoolOptions) {
    this.worker = startThread(options.resourceLimits);
    this.worker.unref();
    this.worker.on('message', (reply: TrainingReply) => {
      const job = this.finish();
      if ('model' in reply) job?.resolve(reply.model);
      else job?.reject(restoreFailure(reply.failure));
    });
    this.worker.on('error', (error) => this.die(error.message));
    this.worker.on('exit', (code) => this.die(`it exited with code ${code}`));
  }

  run(job: TrainingJob, signal: AbortSignal | undefined): Promise<EncodedModel> {
    if (!this.alive) return Promise.reject(crashedError('it had already stopped'));
    // While it trains, the thread keeps the process alive as the fit would on the main thread.
    this.worker.ref();
    const abandon = () => void this.stop(abandonedError());
    signal?.addEventListener('abort', abandon, { once: true });
    return new Promise<EncodedModel>((resolve, reject) => {
      this.job = { resolve, reject };
      this.worker.postMessage(job, Array.isArray(job.X) ? [] : [job.X.values.buffer]);
    }).finally(() => signal?.removeEventListener('abort', abandon));
  }

  /** Ends the thread; the job it runs fails with `reason`. */
  async stop(reason: TaskError): Promise<void> {
    this.stopped ??= reason;
    await this.worker.terminate();
  }

  private finish(): typeof this.job {
    const { job } = this;
    this.job = undefined;
    this.worker.unref();
    return job;
  }

  /** The first of 'error' and 'exit' says why; the job it ran fails with that. */
  private die(reason: string): void {
    if (!this.alive) return;
    this.alive = false;
    this.finish()?.reject(this.stopped ?? crashedError(reason));
  }
}

/**
 * Starts a thread on training-thread.js. Run from TypeScript sources (tests, bench) under tsx,
 * a thread does not inherit tsx's loader on Node 20, so it registers it before importing.
 */
function startThread(resourceLimits: ResourceLimits | undefined): Worker {
  if (!ENTRY.pathname.endsWith('.ts')) return new Worker(ENTRY, { resourceLimits });
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const entry = JSON.stringify(ENTRY.href);
  const code = `import(${tsx}).then((tsx) => { tsx.register(); return import(${entry}); });`;
  return new Worker(code, { eval: true, resourceLimits });
}

function crashedError(reason: string): TaskError {
  return new TaskError(`the thread training the model stopped (${reason}); the fit stored nothing`);
}

function abandonedError(): TaskError {
  return new TaskError('the fit was abandoned (its task timed out) and its thread stopped; the fit stored nothing');
}

function closedError(): TaskError {
  return new TaskError('the runtime was closed while the model trained; the fit stored nothing');
}
