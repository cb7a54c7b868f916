import type { Job } from 'bullmq';
import { ValidationError } from '../../errors.js';
import { resultValue, withResults } from '../flow/reduce-input.js';
import type { TaskMessage } from '../message.js';

/**
 * The last step of a mapreduce with the other steps' results put in (in the order the message
 * lists them, which its signature covers), read from its children in the broker. If one of them
 * failed, the step does not run: a ValidationError says which.
 */
export async function gatherInputs(job: Job, message: TaskMessage): Promise<TaskMessage> {
  const inputs = message.flow?.inputs ?? [];
  const [values, failures] = await Promise.all([job.getChildrenValues(), job.getIgnoredChildrenFailures()]);
  const failed = Object.keys(failures).map(jobIdOf);
  if (failed.length > 0) {
    throw new ValidationError(`not run: ${failed.length} of the ${inputs.length} tasks it reduces failed`);
  }
  const results = new Map(Object.entries(values).map(([key, value]) => [jobIdOf(key), value]));
  return withResults(
    message,
    inputs.map((id) => {
      if (!results.has(id))
        throw new ValidationError(`not run: the result of task ${id}, which it reduces, is missing`);
      return resultValue(results.get(id));
    }),
  );
}

/** `omega:<context>/<label>:<id>` → `<id>` (ids are UUIDs, without `:`). */
function jobIdOf(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1);
}
