/** Milliseconds a task may run before it fails; it can no longer commit once that has passed. */
export const DEFAULT_TASK_TIMEOUT_MS = 20 * 60_000;
