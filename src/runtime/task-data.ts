import { ValidationError } from '../errors.js';
import type { Metadata } from '../store/metadata.js';
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

/** The data a reference stands for, read in the task's bucket. */
export async function readData(
  om: RuntimeScope,
  ref: DataRef | undefined,
  model: Metadata | null,
  role: DataRole,
): Promise<unknown> {
  if (ref === undefined) throw new ValidationError(`this action needs ${role}`);
  const name = datasetName(ref, model, role);
  return name === null && 'inline' in ref ? ref.inline : om.datasets.get(name as string);
}
