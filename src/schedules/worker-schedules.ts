import type { Omega } from '../omega.js';
import type { ScheduleFirer } from '../runtime/bullmq/task-worker.js';
import { describeFiring, fireDue } from './fire-schedule.js';

/** How `om worker` fires the ticks of its contexts' schedules, and syncs them to the broker at start. */
export function workerSchedules(contexts: { open(context: string): Promise<Omega> }): ScheduleFirer {
  return {
    fire: async (context, key, due) =>
      describeFiring(await fireDue(await contexts.open(context), key, due, new Date())),
    sync: async (context) => (await contexts.open(context)).schedules().syncBroker(),
  };
}
