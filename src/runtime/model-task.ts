import { NotFoundError, ValidationError } from '../errors.js';
import type { Estimator } from '../models/model-codec.js';
import type { TrainingRecord } from '../models/training-record.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import type { ModelTaskMessage } from './message.js';
import type { ModelApplication } from './model-application.js';
import type { ModelCache } from './model-cache.js';
import { metadataResult, type TaskResult } from './outcome.js';
import type { RuntimeScope } from './runtime-scope.js';
import { readData, readTrainingData } from './task-data.js';
import { isTrainingAction, type TrainingAction } from './training/train.js';
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
  if (isTrainingAction(message.action)) return trainModel(om, message, context);
  const values = await applyModel(om, context.cache, message);
  if (message.resultName === undefined || !Array.isArray(values)) return { type: 'value', value: values };
  context.checkpoint();
  return metadataResult(await om.datasets.put(resultRows(values), message.resultName, { append: false }));
}

/**
 * What a model computes without training (predict, predictProba, score), on its decoded version
 * from `cache`. It runs the version the client resolved at submission; metadata is read again
 * only without one, or to resolve '*' from the recorded training data.
 */
export async function applyModel(om: RuntimeScope, cache: ModelCache, request: ModelApplication): Promise<unknown> {
  const { action } = request;
  const base = parseName(request.model, { projection: false, version: true }).name;
  const recorded = [request.X, request.Y].some((ref) => ref && 'dataset' in ref && ref.dataset === '*');
  const meta = recorded || !request.resolved ? await requireModel(om, request.model) : null;
  const kind = meta?.kind ?? (request.resolved?.kind as string);
  const version = meta ? String(meta.kindMeta.version) : (request.resolved?.version as string);
  if (action === 'transform' || action === 'fitTransform') {
    throw new ValidationError(`models of kind ${kind} cannot ${action}: their estimators have no transform`);
  }
  // The first use of a version in a bucket reads (and checks) it there.
  const place = { context: om.context, bucket: om.bucketName, name: base };
  const model = await cache.get(place, version, () => om.models.get(`${base}@${version}`));
  const estimator = om.models.codec(kind).estimator(model, request.params);
  const features = featureRows(await readData(om, request.X, meta, 'X'), 'X') as number[][];
  const Y = action === 'score' ? targetValues(await readData(om, request.Y, meta, 'Y'), 'Y') : undefined;
  return compute(estimator, action, features, Y);
}

async function trainModel(
  om: RuntimeScope,
  message: ModelTaskMessage,
  context: { trainer: Trainer; worker: string; checkpoint: () => void; abandoned: () => AbortSignal },
): Promise<TaskResult> {
  const { trainer, worker, checkpoint, abandoned } = context;
  const action = message.action as TrainingAction;
  const base = parseName(message.model, { projection: false, version: true }).name;
  const meta = await requireModel(om, message.model);
  // A retry of a fit whose worker died after committing returns that version instead of training again.
  const committed = await committedBy(om, base, message.id);
  if (committed) return metadataResult(committed);

  const codec = om.models.codec(meta.kind);
  const x = await readTrainingData(om, message.X, meta, 'X');
  const features = featureRows(x.value, 'X') as number[][];
  const y = await readTrainingData(om, message.Y, meta, 'Y');
  const request = { action, params: message.params, X: features, Y: targetValues(y.value, 'Y') };
  const trained = await trainer.train(om, meta, codec, request, abandoned());
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
    (await om.models.put(trained, base, { kind: meta.kind, attributes: { dataset, task }, trainedOn }));
  return metadataResult(stored);
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
