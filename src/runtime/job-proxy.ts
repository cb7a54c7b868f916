import { isPlainObject } from '../backends/json.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { NOTEBOOK_KIND } from '../jobs/notebook-kind.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import { boundLabel } from './labels.js';
import type { RuntimeScope } from './runtime-scope.js';
import type { Task } from './task.js';
import type { TaskSubmitter } from './task-submitter.js';

/** How `om.runtime.job(name).run()` runs a job. */
export interface JobRunOptions {
  /** Assigned by a cell inserted after the one tagged `parameters`, and `params` in every cell. */
  params?: Record<string, unknown>;
  /** The run fails (its result notebook still stored) when its cells take longer. */
  timeoutMs?: number;
}

/** `om.runtime.job(name)`: runs a notebook of `om.jobs` as a task. */
export class JobProxy {
  constructor(
    private readonly om: RuntimeScope,
    readonly name: string,
    private readonly runtime: TaskSubmitter,
  ) {
    parseName(name, { projection: false, version: false });
  }

  /**
   * Runs the job's cells on a worker of its label (or in-process): resolves to the Metadata of the
   * result notebook (`results/<name>_<stamp>.ipynb`); a failing cell rejects with a TaskError
   * once the result notebook and the history entry are stored.
   */
  run(options: JobRunOptions = {}): Task<Metadata> {
    const { om, name } = this;
    const params = options.params ?? {};
    if (!isPlainObject(params)) throw new ValidationError('run({ params }): params must be a plain object');
    const { timeoutMs } = options;
    if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
      throw new ValidationError(`run({ timeoutMs }): a positive whole number of milliseconds, not ${timeoutMs}`);
    }
    return this.runtime.submit<Metadata>(async () => {
      const meta = await om.jobs.metadata(name);
      if (!meta)
        throw new NotFoundError(`jobs/${name} (bucket ${om.bucketName}) does not exist in context ${om.context}`);
      if (meta.kind !== NOTEBOOK_KIND) {
        throw new ValidationError(`jobs/${meta.name} is of kind ${meta.kind}: only notebooks (${NOTEBOOK_KIND}) run`);
      }
      return {
        body: { task: 'job', job: meta.name, params, ...(timeoutMs === undefined ? {} : { timeoutMs }) },
        boundLabel: boundLabel(meta),
      };
    });
  }
}
