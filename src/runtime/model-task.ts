import { NotFoundError, ValidationError } from '../errors.js';
import type { Estimator } from '../models/model-codec.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import type { ModelTaskMessage } from './message.js';
import type { ModelCache } from './model-cache.js';
import { metadataResult, type TaskResult } from './outcome.js';
import type { RuntimeScope } from './runtime-scope.js';
import { datasetName, readData } from './task-data.js';
import { featureRows, resultRows, targetValues } from './training-data.js';

const TRAINING = new Set(['fit', 'partialFit']);

/**
 * Runs one model action in the task's bucket. A fit stores the trained model as a new version,
 * with its training data in `attributes.dataset` and the task and worker in `attributes.task`;
 * `checkpoint` throws once the task may no longer commit (it timed out).
 */
export async function runModelTask(
  om: RuntimeScope,
  message: ModelTaskMessage,
  context: { cache: ModelCache; worker: string; checkpoint: () => void },
): Promise<TaskResult> {
  const { cache, worker, checkpoint } = context;
  const { action } = message;
  const base = parseName(message.model, { projection: false, version: true }).name;
  const training = TRAINING.has(action);
  // A prediction runs the version the client resolved at submission; reading metadata again is
  // needed only to train (from the latest) or to resolve '*' from the recorded training data.
  const recorded = [message.X, message.Y].some((ref) => ref && 'dataset' in ref && ref.dataset === '*');
  const meta = training || recorded || !message.resolved ? await requireModel(om, message.model) : null;
  const kind = meta?.kind ?? (message.resolved?.kind as string);
  const version = meta ? String(meta.kindMeta.version) : (message.resolved?.version as string);
  if (action === 'transform' || action === 'fitTransform') {
    throw new ValidationError(`models of kind ${kind} cannot ${action}: their estimators have no transform`);
  }
  // A retry of a fit whose worker died after committing returns that version instead of training again.
  const committed = training ? await committedBy(om, base, message.id) : null;
  if (committed) return metadataResult(committed);

  const codec = om.models.codec(kind);
  const load = () => om.models.get(`${base}@${version}`);
  // Training changes the model in place, so it never works on the shared cached copy. The key
  // names the bucket, so the first use of a version there reads (and checks) it.
  const model = training
    ? await load()
    : await cache.get(`${om.context}\u001f${om.bucketName}\u001f${base}@${version}`, load);
  const estimator = codec.estimator(model, message.params);
  const X = featureRows(await readData(om, message.X, meta, 'X'), 'X') as number[][];
  const Y =
    action === 'predict' || action === 'predictProba'
      ? undefined
      : targetValues(await readData(om, message.Y, meta, 'Y'), 'Y');

  if (training) {
    await train(estimator, action, X, Y ?? []);
    checkpoint();
    const dataset = {
      X: message.X && datasetName(message.X, meta, 'X'),
      Y: message.Y && datasetName(message.Y, meta, 'Y'),
    };
    const task = { id: message.id, action, worker };
    // A worker whose lock lapsed during a long synchronous fit may have a twin that committed first.
    const stored =
      (await committedBy(om, base, message.id)) ??
      (await om.models.put(estimator.model, base, { attributes: { dataset, task } }));
    return metadataResult(stored);
  }
  const values = await compute(estimator, action, X, Y);
  if (message.resultName === undefined || !Array.isArray(values)) return { type: 'value', value: values };
  checkpoint();
  return metadataResult(await om.datasets.put(resultRows(values), message.resultName, { append: false }));
}

async function requireModel(om: RuntimeScope, name: string): Promise<Metadata> {
  const meta = await om.models.metadata(name);
  if (!meta)
    throw new NotFoundError(`models/${name} (bucket ${om.bucketName}) does not exist in context ${om.context}`);
  return meta;
}

/** The version a previous attempt of this task committed, if it is still the latest. */
async function committedBy(om: RuntimeScope, name: string, taskId: string): Promise<Metadata | null> {
  const latest = await om.models.metadata(name);
  const task = latest?.attributes.task as { id?: unknown } | undefined;
  return task?.id === taskId ? latest : null;
}

async function train(estimator: Estimator, action: string, X: number[][], Y: (number | string)[]): Promise<void> {
  if (action === 'fit') return estimator.fit(X, Y);
  if (!estimator.partialFit) throw new ValidationError(`models of kind ${estimator.kind} cannot partialFit; use fit`);
  return estimator.partialFit(X, Y);
}

async function compute(
  estimator: Estimator,
  action: string,
  X: number[][],
  Y: (number | string)[] | undefined,
): Promise<unknown> {
  switch (action) {
    case 'predict':
      return estimator.predict(X);
    case 'predictProba':
      if (!estimator.predictProba) throw new ValidationError(`models of kind ${estimator.kind} cannot predictProba`);
      return estimator.predictProba(X);
    default:
      return estimator.score(X, Y ?? []);
  }
}
