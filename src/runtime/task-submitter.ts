import type { TaskMessage } from './message.js';
import type { Task } from './task.js';

type Envelope = Pick<TaskMessage, 'v' | 'id' | 'context' | 'bucket' | 'label' | 'submitted' | 'sig' | 'flow'>;

/** The body of a message; the runtime adds the envelope (id, context, bucket, label, time). */
export type TaskBody =
  | Omit<Extract<TaskMessage, { task: 'model' }>, keyof Envelope>
  | Omit<Extract<TaskMessage, { task: 'script' }>, keyof Envelope>
  | Omit<Extract<TaskMessage, { task: 'job' }>, keyof Envelope>
  | Omit<Extract<TaskMessage, { task: 'ping' }>, keyof Envelope>;

/** What `prepare` gives the runtime: the body, the label the object is bound to, how to undo temp data. */
export interface PreparedTask {
  body: TaskBody;
  boundLabel?: string | undefined;
  cleanup?: () => Promise<void>;
}

/** How a task is being prepared. */
export interface PrepareUse {
  /**
   * The task is the last of a mapreduce: it receives the other tasks' results (as X for a model,
   * in its payload or params otherwise), so a model action must not be given X.
   */
  receivesResults?: boolean;
  /**
   * The task runs after others of its flow (a later step of a sequence), which may store the
   * datasets it reads: those need not exist yet (the task fails when it runs if they still do not).
   */
  afterOthers?: boolean;
  /**
   * The task runs in this process for a caller whose data came from JSON (`Runtime.resultOf`):
   * literal rows stay in memory, whatever their size, and need no JSON check.
   */
  inProcess?: boolean;
}

/** Checks a task and makes its body, for the task id `id` (temp data is named after it). */
export type Preparer = (id: string, use?: PrepareUse) => Promise<PreparedTask>;

/** Sends tasks (a Runtime, or the collecting runtime of a flow): what the proxies need of it. */
export interface TaskSubmitter {
  submit<T>(prepare: Preparer): Task<T>;
  /** What awaiting `submit(prepare)` resolves to; a local task runs at once, without a Task. */
  resultOf<T>(prepare: Preparer): Promise<T>;
}
