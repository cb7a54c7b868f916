import type { Job, JobType, Queue } from 'bullmq';
import type { TaskInfo, TaskStatus } from '../executor.js';
import { describeTask } from '../task-description.js';

/** How many tasks of each state and label `om runtime tasks` shows, newest first. */
export const LISTED_PER_STATE = 100;

/** BullMQ's job states for each task status (`unserved` is queued on a label nobody serves). */
const JOB_TYPES: Record<Exclude<TaskStatus, 'unserved'>, JobType[]> = {
  queued: ['waiting', 'prioritized', 'delayed'],
  running: ['active'],
  succeeded: ['completed'],
  failed: ['failed'],
};

/**
 * The tasks of one label's queue, newest first; `served` says whether a live worker serves the
 * label, so that its queued tasks show as `unserved` when none does.
 */
export async function queuedTasks(
  queue: Queue,
  label: string,
  wanted: TaskStatus | undefined,
  served: () => Promise<boolean>,
): Promise<TaskInfo[]> {
  const statuses = (Object.keys(JOB_TYPES) as (keyof typeof JOB_TYPES)[]).filter(
    (status) => wanted === undefined || status === wanted || (wanted === 'unserved' && status === 'queued'),
  );
  const unserved = statuses.includes('queued') && !(await served());
  const lists = await Promise.all(
    statuses.map(async (status) => {
      if (wanted === 'unserved' && !unserved) return [];
      const jobs = await queue.getJobs(JOB_TYPES[status], 0, LISTED_PER_STATE - 1, false);
      const shown: TaskStatus = status === 'queued' && unserved ? 'unserved' : status;
      return jobs
        .filter((job): job is Job & { id: string } => job?.id !== undefined)
        .map((job) => info(job, label, shown));
    }),
  );
  return lists.flat();
}

function info(job: Job & { id: string }, label: string, status: TaskStatus): TaskInfo {
  const data = (typeof job.data === 'object' && job.data !== null ? job.data : {}) as Record<string, unknown>;
  return {
    id: job.id,
    label,
    status,
    worker: job.processedBy ?? null,
    ...describeTask(data),
    submitted: typeof data.submitted === 'string' ? data.submitted : new Date(job.timestamp).toISOString(),
  };
}
