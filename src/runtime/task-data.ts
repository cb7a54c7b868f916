import { ValidationError } from '../errors.js';
import type { TrainingInput } from '../models/training-record.js';
import { revisionOf } from '../store/dataset-revision.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import type { DataRef } from './message.js';
import type { RuntimeScope } from './runtime-scope.js';

export type DataRole = 'X' | 'Y';

/**
 * The dataset name a data reference stands for: its own, the model's recorded training data
 * for `'*'` (omega|ml's convention), or null for literal data.
 */
export function datasetName(ref: DataRef, model: Metadata | null, role: DataRole): string | null {
  if ('inline' in ref) return null;
  if (ref.dataset !== '*') return ref.dataset;
  const recorded = (model?.attributes.dataset as Record<string, unknown> | undefined)?.[role];
  if (typeof recorded !== 'string') {
    throw new ValidationError(
      `models/${model?.name} has no ${role} dataset recorded in attributes.dataset, so '*' means nothing; give ${role}`,
    );
  }
  return recorded;
}

/** The data a reference stands for, read in the task's bucket: literal rows at once, a dataset as a promise. */
export function readData(om: RuntimeScope, ref: DataRef | undefined, model: Metadata | null, role: DataRole): unknown {
  if (ref === undefined) throw new ValidationError(`this action needs ${role}`);
  const name = datasetName(ref, model, role);
  return name === null && 'inline' in ref ? ref.inline : om.datasets.get(name as string);
}

/**
 * The data a fit reads, and what it records of it: the dataset, where it lives and its revision
 * (read before and after the data: null when a write came between). Literal data and temp
 * datasets (dropped when the task ends) record nothing.
 */
export async function readTrainingData(
  om: RuntimeScope,
  ref: DataRef | undefined,
  model: Metadata | null,
  role: DataRole,
): Promise<{ value: unknown; input: TrainingInput | null }> {
  const name = ref === undefined ? null : datasetName(ref, model, role);
  if (name === null || (ref && 'temp' in ref && ref.temp))
    return { value: await readData(om, ref, model, role), input: null };
  const base = parseName(name, { projection: true, version: false }).name;
  const before = revisionOf(await om.datasets.metadata(base));
  const value = await readData(om, ref, model, role);
  const after = revisionOf(await om.datasets.metadata(base));
  const revision = before === after ? before : null;
  return { value, input: { context: om.context, bucket: om.bucketName, name, revision } };
}
