import { ValidationError } from '../errors.js';

/** The two roles of a fit's data. */
export const TRAINING_ROLES = ['X', 'Y'] as const;
export type TrainingRole = (typeof TRAINING_ROLES)[number];

/** One dataset a fit read (as X or Y): where it lives, its name as given, and its revision then. */
export interface TrainingInput {
  context: string;
  bucket: string;
  /** The name as the fit was given it, projection included (`iris[sl,sw]`). */
  name: string;
  /** The dataset's `kindMeta.revision` when the fit read it; null when unknown (written while it was read). */
  revision: number | null;
}

/**
 * What one model version was trained on, kept with the version in `kindMeta.trainedOn` (so it
 * travels with promotions and rollbacks); literal data records no input.
 */
export type TrainingRecord = Partial<Record<TrainingRole, TrainingInput>>;

/** The training record of a version's kindMeta; null when it has none (not fitted by the runtime). */
export function trainingRecordOf(kindMeta: Readonly<Record<string, unknown>>): TrainingRecord | null {
  const recorded = kindMeta.trainedOn;
  if (typeof recorded !== 'object' || recorded === null) return null;
  const record: TrainingRecord = {};
  for (const role of TRAINING_ROLES) {
    const input = (recorded as Record<string, unknown>)[role];
    if (isTrainingInput(input)) record[role] = input;
  }
  return record;
}

/** `put`'s `trainedOn` option, checked: what a model backend stores beside the version. */
export function checkedTrainingRecord(value: unknown): TrainingRecord | undefined {
  if (value === undefined) return undefined;
  const valid =
    typeof value === 'object' &&
    value !== null &&
    Object.entries(value).every(
      ([role, input]) => TRAINING_ROLES.includes(role as TrainingRole) && isTrainingInput(input),
    );
  if (!valid) {
    throw new ValidationError(
      'trainedOn must map X and/or Y to { context, bucket, name, revision } (revision: an integer or null)',
    );
  }
  return value as TrainingRecord;
}

function isTrainingInput(value: unknown): value is TrainingInput {
  if (typeof value !== 'object' || value === null) return false;
  const { context, bucket, name, revision } = value as Record<string, unknown>;
  return (
    typeof context === 'string' &&
    typeof bucket === 'string' &&
    typeof name === 'string' &&
    (revision === null || Number.isSafeInteger(revision))
  );
}
