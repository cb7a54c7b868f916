import type { TaskInfo } from './executor.js';

/** The part of a task message that says what it does (loosely typed: it may come from a queue). */
interface MessageLike {
  task?: unknown;
  action?: unknown;
  model?: unknown;
  script?: unknown;
  job?: unknown;
}

/** What `om runtime tasks` shows of a message: `model fit` on `iris`, `script` `report`, `job` `daily`, `ping`. */
export function describeTask(message: MessageLike): Pick<TaskInfo, 'action' | 'object'> {
  const task = typeof message.task === 'string' ? message.task : 'unknown';
  const action = task === 'model' && typeof message.action === 'string' ? `model ${message.action}` : task;
  const object = message.model ?? message.script ?? message.job;
  return { action, object: typeof object === 'string' ? object : null };
}
