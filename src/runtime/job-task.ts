import { NotFoundError, TaskError, ValidationError } from '../errors.js';
import { NOTEBOOK_KIND } from '../jobs/notebook-kind.js';
import { type JobRun, resultName, runOfTask } from '../jobs/run-history.js';
import type { JobTaskMessage } from './message.js';
import { metadataResult, type TaskResult } from './outcome.js';
import type { RuntimeScope } from './runtime-scope.js';

/**
 * Runs a job's notebook in the task's bucket and stores the executed notebook as
 * `results/<job>_<submission time>.ipynb`, then appends the run to the job's history; a failed
 * cell is a TaskError after both. Idempotent by task id: a retried task (its worker died) whose
 * run was recorded gives that run's outcome; one that ran again stores under the same result name
 * and records the run once.
 */
export async function runJobTask(
  om: RuntimeScope,
  message: JobTaskMessage,
  context: { worker: string; timeoutMs: number },
): Promise<TaskResult> {
  const meta = await om.jobs.metadata(message.job);
  if (!meta)
    throw new NotFoundError(`jobs/${message.job} (bucket ${om.bucketName}) does not exist in context ${om.context}`);
  if (meta.kind !== NOTEBOOK_KIND) {
    throw new ValidationError(`jobs/${meta.name} is of kind ${meta.kind}: only notebooks (${NOTEBOOK_KIND}) run`);
  }
  const recorded = runOfTask(meta.attributes, message.id);
  if (recorded) return outcomeOf(om, meta.name, recorded);

  const notebook = await om.jobs.get(meta.name);
  const { runNotebook } = await import('../jobs/notebook-runner.js');
  const run = await runNotebook(notebook, {
    job: meta.name,
    om,
    params: message.params,
    timeoutMs: context.timeoutMs,
  });
  const result = await freeResultName(om, meta.name, message);
  await om.jobs.putResult(run.notebook, result, {
    source_job: meta.name,
    task: { id: message.id, worker: context.worker },
    status: run.status,
  });
  const entry: JobRun = {
    status: run.status,
    at: run.started,
    seconds: run.seconds,
    result,
    message: run.message,
    task: message.id,
  };
  await om.jobs.recordRun(meta.name, entry);
  return outcomeOf(om, meta.name, entry);
}

/** The task's result for a recorded run: the result notebook's metadata, or a TaskError. */
async function outcomeOf(om: RuntimeScope, job: string, run: JobRun): Promise<TaskResult> {
  if (run.status === 'error') {
    throw new TaskError(`job ${job} failed in ${run.message}; its result notebook is jobs/${run.result}`);
  }
  const stored = await om.jobs.metadata(run.result);
  if (!stored) throw new NotFoundError(`the result notebook jobs/${run.result} of job ${job} no longer exists`);
  return metadataResult(stored);
}

/**
 * The result name of this task: stamped with its submission time, so that a retry writes the
 * same one; when another task (submitted in the same millisecond) holds it, the task id is added.
 */
async function freeResultName(om: RuntimeScope, job: string, message: JobTaskMessage): Promise<string> {
  const name = resultName(job, new Date(message.submitted));
  const holder = (await om.jobs.metadata(name))?.attributes.task as { id?: unknown } | undefined;
  if (holder === undefined || holder.id === message.id) return name;
  return name.replace(/\.ipynb$/, `_${message.id.slice(0, 8)}.ipynb`);
}
