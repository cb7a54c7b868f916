import type { TaskMessage } from '../message.js';
import type { BrokerEvents } from './broker-watch.js';

/** One task a worker ran, as its log line tells it. */
export interface TaskRecord {
  id: string;
  context: string;
  /** The model action (`fit`, `predict`, …), `run` for a script, `job`, `ping`. */
  action: string;
  /** The model, script or job, null for a ping or a message that could not be read. */
  object: string | null;
  label: string;
  bucket: string | null;
  seconds: number;
  outcome: 'ok' | 'failed';
  /** Why it failed: `<ErrorClass>: <message>`, as the client's TaskError says. */
  reason?: string;
}

/** What a worker reports while it serves; `om worker` prints it. */
export interface WorkerEvents extends BrokerEvents {
  taskDone(record: TaskRecord): void;
  /** Something went wrong outside any task (not a lost connection: BrokerEvents say that). */
  workerError(where: string, message: string): void;
}

/** The action and object a message names, for its log line. */
export function describeTask(message: TaskMessage): { action: string; object: string | null } {
  switch (message.task) {
    case 'model':
      return { action: message.action, object: message.model };
    case 'script':
      return { action: 'run', object: message.script };
    case 'job':
      return { action: 'job', object: message.job };
    case 'ping':
      return { action: 'ping', object: null };
  }
}
