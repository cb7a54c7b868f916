import { NotFoundError, ValidationError } from '../errors.js';
import type { Estimator } from '../models/model-codec.js';
import type { TrainingRecord } from '../models/training-record.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import type { ModelTaskMessage } from './message.js';
import type { ModelCache } from './model-cache.js';
import { metadataResult, type TaskResult } from './outcome.js';
import type { RuntimeScope } from './runtime-scope.js';
import { readData, readTrainingData } from './task-data.js';
import { isTrainingAction } from './training/train.js';
import type { Trainer } from './training/trainer.js';
import { featureRows, resultRows, targetValues } from './training-data.js';

/**
 * Runs one model action in the task's bucket. A fit stores the trained model as a new version,
 * with its training data in `attributes.dataset` (names as given, and `revisions` they were
 * read at) and in the version's `kindMeta.trainedOn` (where lineage looks), and the task and
 * worker in `attributes.task`;
 * `checkpoint` throws once the task may no longer commit (it timed out); the signal `abandoned()`
 * gives is aborted then, which stops a training thread.
 */
export async function runModelTask(
  om: RuntimeScope,
  message: ModelTaskMessage,
  context: {
    cache: ModelCache;
    trainer: Trainer;
    worker: string;
    checkpoint: () => void;
    abandoned: () => AbortSignal;
  },
): Promise<TaskResult> {
  const { cache, trainer, worker, checkpoint, abandoned } = context;
  const { action } = message;
  const base = parseName(message.model, { projection: false, version: true }).name;
  const training = isTrainingAction(action);
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
  const X = () => readData(om, message.X, meta, 'X').then((value) => featureRows(value, 'X') as number[][]);
  const Y = () => readData(om, message.Y, meta, 'Y').then((value) => targetValues(value, 'Y'));

  if (training) {
    const x = await readTrainingData(om, message.X, meta, 'X');
    const features = featureRows(x.value, 'X') as number[][];
    const y = await readTrainingData(om, message.Y, meta, 'Y');
    const request = { action, params: message.params, X: features, Y: targetValues(y.value, 'Y') };
    const trained = await trainer.train(om, meta as Metadata, codec, request, abandoned());
    checkpoint();
    const trainedOn: TrainingRecord = { ...(x.input ? { X: x.input } : {}), ...(y.input ? { Y: y.input } : {}) };
    const dataset = {
      X: x.input?.name ?? null,
      Y: y.input?.name ?? null,
      revisions: { X: x.input?.revision ?? null, Y: y.input?.revision ?? null },
    };
    const task = { id: message.id, action, worker };
    // A worker whose lock lapsed (say its event loop was blocked) may have a twin that committed first.
    const stored =
      (await committedBy(om, base, message.id)) ??
      (await om.models.put(trained, base, { kind, attributes: { dataset, task }, trainedOn }));
    return metadataResult(stored);
  }
  // The key names the bucket, so the first use of a version there reads (and checks) it.
  const model = await cache.get(`${om.context}\u001f${om.bucketName}\u001f${base}@${version}`, () =>
    om.models.get(`${base}@${version}`),
  );
  const estimator = codec.estimator(model, message.params);
  const features = await X();
  const values = await compute(estimator, action, features, action === 'score' ? await Y() : undefined);
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
