import { TaskError, ValidationError } from '../errors.js';
import type { Task } from '../runtime/task.js';
import type { CliSession } from './session.js';

/** When a wait on a terminal has gone on this long, the task id is printed (to find it again later). */
const SHOW_ID_AFTER_MS = 2_000;

/** `--timeout <seconds>`: a positive number. */
export function timeoutSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new ValidationError(`--timeout takes a positive number of seconds, not ${JSON.stringify(value)}`);
  }
  return seconds;
}

/**
 * Waits for a task, never silently: a label no worker serves is said at once on stderr, a long
 * wait on a terminal prints the task id, and a wait past `--timeout` is a TaskError (exit 1)
 * saying the task goes on and how to get its result later.
 */
export async function waitForTask<T>(
  session: CliSession,
  context: string,
  task: Task<T>,
  seconds: number | undefined,
): Promise<T> {
  const { stderr, isTTY } = session.io;
  let timer: NodeJS.Timeout | undefined;
  if ((await task.status()) === 'unserved') {
    const label = await task.label();
    stderr.write(
      `no worker serves label ${label}; task ${task.id} is queued — start one with \`om worker --context ${context} --label ${label}\`\n`,
    );
  } else if (isTTY.stderr) {
    timer = setTimeout(
      () => stderr.write(`waiting for task ${task.id} (om runtime result ${task.id})\n`),
      SHOW_ID_AFTER_MS,
    );
  }
  try {
    return await task.result({ timeoutMs: seconds === undefined ? undefined : seconds * 1000 });
  } catch (error) {
    if (seconds === undefined || !(error instanceof TaskError)) throw error;
    const status = await task.status();
    if (status === 'succeeded' || status === 'failed') throw error;
    throw new TaskError(
      `task ${task.id} did not finish within ${seconds} s; it is still ${status === 'unserved' ? 'queued' : status} — om runtime result ${task.id}`,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}
