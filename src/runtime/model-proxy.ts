import { NotFoundError, ValidationError } from '../errors.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import { dataRef, dropTempData, inProcessRef } from './data-refs.js';
import { boundLabel } from './labels.js';
import type { DataRef, ModelAction } from './message.js';
import type { RuntimeScope } from './runtime-scope.js';
import type { Task } from './task.js';
import type { Preparer, TaskSubmitter } from './task-submitter.js';

/** The params of an action given none: one shared, frozen object. */
const NO_PARAMS: Record<string, unknown> = Object.freeze({});

export interface ModelTaskOptions {
  /** Stores a predict/predictProba result as this dataset (replaced) and resolves to its Metadata. */
  resultName?: string;
  /** Passed to the model's estimator (TF.js: epochs, batchSize, shuffle). */
  params?: Record<string, unknown>;
}

/** The actions whose tasks take no Y. */
const WITHOUT_Y: ReadonlySet<ModelAction> = new Set(['predict', 'predictProba', 'transform']);

/**
 * `om.runtime.model(name)`: the model's actions as tasks. X and Y are dataset names or literal rows;
 * only the last task of a mapreduce is given no X (it receives the other tasks' results).
 */
export class ModelProxy {
  constructor(
    private readonly om: RuntimeScope,
    readonly name: string,
    private readonly runtime: TaskSubmitter,
  ) {
    parseName(name, { projection: false, version: true });
  }

  /** Trains the model; resolves to the Metadata of the new version. */
  fit(X?: unknown, Y?: unknown, options?: ModelTaskOptions): Task<Metadata> {
    return this.run('fit', X, Y, options);
  }

  /** Goes on training from the current state (TF.js models). */
  partialFit(X?: unknown, Y?: unknown, options?: ModelTaskOptions): Task<Metadata> {
    return this.run('partialFit', X, Y, options);
  }

  /** One prediction per row; with `resultName`, the stored dataset's Metadata. */
  predict<T = unknown[]>(X?: unknown, options?: ModelTaskOptions): Task<T> {
    return this.run('predict', X, undefined, options);
  }

  predictProba<T = number[][]>(X?: unknown, options?: ModelTaskOptions): Task<T> {
    return this.run('predictProba', X, undefined, options);
  }

  /** Accuracy for classifiers, R² for regressors. */
  score(X: unknown, Y: unknown, options?: ModelTaskOptions): Task<number> {
    return this.run('score', X, Y, options);
  }

  transform<T = unknown[]>(X?: unknown, options?: ModelTaskOptions): Task<T> {
    return this.run('transform', X, undefined, options);
  }

  fitTransform<T = unknown[]>(X?: unknown, Y?: unknown, options?: ModelTaskOptions): Task<T> {
    return this.run('fitTransform', X, Y, options);
  }

  /**
   * @internal What awaiting the task of `action` resolves to (Y is ignored by the actions that
   * take none), a local task run at once: see `Runtime.resultOf`.
   */
  resultOf<T>(action: ModelAction, X: unknown, Y?: unknown): Promise<T> {
    return this.runtime.resultOf<T>(this.prepare(action, X, WITHOUT_Y.has(action) ? undefined : Y, {}));
  }

  private run<T>(action: ModelAction, X: unknown, Y: unknown, options: ModelTaskOptions = {}): Task<T> {
    return this.runtime.submit<T>(this.prepare(action, X, Y, options));
  }

  /** What a task of `action` sends: the model's version and label, X and Y as data refs. */
  private prepare(action: ModelAction, X: unknown, Y: unknown, options: ModelTaskOptions): Preparer {
    const { om, name } = this;
    return async (id, use = {}) => {
      const meta = await om.models.metadataView(name);
      if (!meta) {
        throw new NotFoundError(`models/${name} (bucket ${om.bucketName}) does not exist in context ${om.context}`);
      }
      if (use.receivesResults && X !== undefined) {
        throw new ValidationError(
          `the last task of a mapreduce receives the other tasks' results as X: give ${action} of models/${name} no X`,
        );
      }
      const refs: { X?: DataRef; Y?: DataRef } = {};
      try {
        const { afterOthers, inProcess } = use;
        if (!use.receivesResults) refs.X = inProcessRef(X, inProcess) ?? (await dataRef(om, X, 'X', id, afterOthers));
        if (Y !== undefined) refs.Y = inProcessRef(Y, inProcess) ?? (await dataRef(om, Y, 'Y', id, afterOthers));
      } catch (error) {
        await dropTempData(om, id, refs);
        throw error;
      }
      return {
        body: {
          task: 'model',
          model: name,
          resolved: { kind: meta.kind, version: String(meta.kindMeta.version) },
          action,
          ...refs,
          ...(options.resultName === undefined ? {} : { resultName: options.resultName }),
          params: options.params ?? NO_PARAMS,
        },
        boundLabel: boundLabel(meta),
        cleanup: () => dropTempData(om, id, refs),
      };
    };
  }
}
