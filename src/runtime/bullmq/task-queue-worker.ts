import { type Job, type JobJsonRaw, Worker } from 'bullmq';
import { ValidationError } from '../../errors.js';

/** Why a job's data could not be read, for the jobs whose stored data is not JSON. */
const unreadable = new WeakMap<Job, string>();

/**
 * BullMQ's Worker, except for a job whose stored data is not JSON (written to Redis by hand):
 * BullMQ would throw while reading it, after moving it to active, and leave it active forever.
 * Here the job reaches the processor with no data, and `taskData` fails it with the reason.
 */
export class TaskQueueWorker extends Worker {
  protected override createJob(raw: JobJsonRaw, jobId: string): Job {
    try {
      return super.createJob(raw, jobId);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const job = super.createJob({ ...raw, data: 'null' }, jobId);
      unreadable.set(job, `the job's data is not JSON (${error.message})`);
      return job;
    }
  }
}

/** The job's data; a ValidationError when it was not JSON. */
export function taskData(job: Job): unknown {
  const reason = unreadable.get(job);
  if (reason !== undefined) throw new ValidationError(`malformed task message: ${reason}`);
  return job.data;
}
