import { UnrecoverableError } from 'bullmq';
import type { TaskMessage } from '../message.js';
import { describeFailure } from '../task-runner.js';
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

/** What a job's log line is while it runs: `loggedJob` adds the rest. */
type LineStart = Pick<TaskRecord, 'id' | 'context' | 'label' | 'action'>;
type Note = (fields: Partial<Pick<TaskRecord, 'action' | 'object' | 'bucket'>>) => void;

/**
 * Runs `work` on a job of one of a context's own queues (schedule ticks, flows) and logs it as a
 * task line; `work` adds what it learns to the line with `note`. A failure is final
 * (UnrecoverableError), with its reason.
 */
export async function loggedJob<T>(
  events: WorkerEvents,
  start: LineStart,
  work: (note: Note) => Promise<T>,
): Promise<T> {
  const started = performance.now();
  let record: Omit<TaskRecord, 'seconds' | 'outcome'> = { ...start, object: null, bucket: null };
  const seconds = () => Math.round(performance.now() - started) / 1000;
  try {
    const result = await work((fields) => {
      record = { ...record, ...fields };
    });
    events.taskDone({ ...record, seconds: seconds(), outcome: 'ok' });
    return result;
  } catch (error) {
    const reason = describeFailure(error);
    events.taskDone({ ...record, seconds: seconds(), outcome: 'failed', reason });
    throw new UnrecoverableError(reason);
  }
}
