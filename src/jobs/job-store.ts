import { NotFoundError } from '../errors.js';
import type { PromoteOptions, PromotionResult } from '../promotion/types.js';
import { SchedulableStore } from '../schedules/schedulable-store.js';
import type { StoreScope } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import type { BackendRegistry } from '../store/registry.js';
import type { DropOptions, GetOptions, PutOptions, Store } from '../store/store.js';
import { readJobFile } from './job-file.js';
import { type CellLanguage, type Notebook, singleCellNotebook } from './notebook.js';
import { type JobRun, runsOf, withRun } from './run-history.js';

const SUFFIX = '.ipynb';

/**
 * `om.jobs`: Jupyter notebooks of JavaScript/TypeScript cells that the runtime runs (API.md §12),
 * their result notebooks (`results/…`) and their run history. As in omega|ml, `report` and
 * `report.ipynb` name the same job: a put stores `report`, and every other call finds the object
 * by either spelling.
 */
export class JobStore extends SchedulableStore {
  constructor(scope: Omit<StoreScope, 'prefix'>, backends: BackendRegistry) {
    super(scope, 'jobs/', backends);
  }

  /**
   * Stores a notebook: an object with `cells` or `nbformat` (checked against nbformat 4: a
   * malformed one is a ValidationError naming what is wrong), or the file at a path, a `.ipynb`
   * notebook or a `.js/.mjs/.ts/.mts` module (one cell). As in omega|ml, other values are stored
   * by their backends (a JSON value as `json`), but only notebooks run.
   */
  override async put(obj: unknown, name: string, options: PutOptions = {}): Promise<Metadata> {
    const fromPath = typeof obj === 'string' && options.kind === undefined;
    return super.put(fromPath ? await readJobFile(obj) : obj, storedName(name), options);
  }

  /** Stores `code` as a notebook of one cell (TypeScript unless `language` says javascript). */
  create(code: string, name: string, options: PutOptions & { language?: CellLanguage } = {}): Promise<Metadata> {
    const { language = 'typescript', ...putOptions } = options;
    return this.put(singleCellNotebook(code, language), name, putOptions);
  }

  /** The notebook (nbformat 4, as stored: a result notebook holds its outputs). */
  override async get<T = Notebook>(name: string, options?: GetOptions): Promise<T> {
    return super.get<T>(await this.resolve(name), options);
  }

  override async metadata(name: string): Promise<Metadata | null> {
    return super.metadata(await this.resolve(name));
  }

  override async drop(name: string, options?: DropOptions): Promise<boolean> {
    return super.drop(await this.resolve(name), options);
  }

  override async setAttributes(
    name: string,
    patch: Record<string, unknown>,
    options?: { unset?: readonly string[] },
  ): Promise<Metadata> {
    return super.setAttributes(await this.resolve(name), patch, options);
  }

  override async promote(name: string, target: Store, options?: PromoteOptions): Promise<PromotionResult> {
    return super.promote(await this.resolve(name), target, options);
  }

  /** The job's runs, oldest first: status, start time, seconds, result notebook and error message. */
  async runs(name: string): Promise<JobRun[]> {
    const meta = await this.metadata(name);
    if (!meta)
      throw new NotFoundError(
        `jobs/${storedName(name)} (bucket ${this.bucket}) does not exist in context ${this.context}`,
      );
    return runsOf(meta.attributes);
  }

  /**
   * Appends a run to the job's history in one locked transaction; a run of a task recorded
   * already (a retried task) is not added twice. Null when the job no longer exists.
   */
  async recordRun(name: string, run: JobRun): Promise<Metadata | null> {
    return this.updateAttributes(await this.resolve(name), (attributes) => withRun(attributes, run));
  }

  /**
   * Stores a run's result notebook under `name` as it is (`results/<job>_<stamp>.ipynb`, the
   * suffix kept), replacing what a previous attempt of the same task stored there.
   */
  async putResult(notebook: Notebook, name: string, attributes: Record<string, unknown>): Promise<Metadata> {
    return super.put(notebook, name, { attributes, replace: true });
  }

  /** The stored spelling of `name`: as given when that exists, else the other one (with or without `.ipynb`). */
  private async resolve(name: string): Promise<string> {
    if ((await super.metadata(name)) !== null) return name;
    const other = name.endsWith(SUFFIX) ? storedName(name) : `${name}${SUFFIX}`;
    if (other !== name && (await super.metadata(other)) !== null) return other;
    return storedName(name);
  }
}

/** `report.ipynb` → `report`: how a put names a job. */
export function storedName(name: string): string {
  return name.endsWith(SUFFIX) && name.length > SUFFIX.length ? name.slice(0, -SUFFIX.length) : name;
}
