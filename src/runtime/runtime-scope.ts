import type { DatasetStore } from '../datasets/dataset-store.js';
import type { JobStore } from '../jobs/job-store.js';
import type { ModelStore } from '../models/model-store.js';
import type { ScriptStore } from '../scripts/script-store.js';

/**
 * What the runtime needs of a context handle (an `Omega` is one): its names, the stores a task
 * reads and writes, and handles on other buckets. A script's `run(om, payload)` gets the handle
 * itself.
 */
export interface RuntimeScope {
  /** The context's name. */
  readonly context: string;
  readonly bucketName: string;
  readonly datasets: DatasetStore;
  readonly models: ModelStore;
  readonly scripts: ScriptStore;
  readonly jobs: JobStore;
  /** A handle on bucket `name` of the same context. */
  bucket(name: string): RuntimeScope;
}
