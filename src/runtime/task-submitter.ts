import type { TaskMessage } from './message.js';
import type { Task } from './task.js';

type Envelope = Pick<TaskMessage, 'v' | 'id' | 'context' | 'bucket' | 'label' | 'submitted'>;

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

/** Sends tasks (a Runtime): what the model and script proxies need of it. */
export interface TaskSubmitter {
  submit<T>(prepare: (id: string) => Promise<PreparedTask>): Task<T>;
}
