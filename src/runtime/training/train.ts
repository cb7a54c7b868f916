import { ValidationError } from '../../errors.js';
import type { Estimator } from '../../models/model-codec.js';

/** The model actions that train, and so store a new version. */
export type TrainingAction = 'fit' | 'partialFit';

export function isTrainingAction(action: string): action is TrainingAction {
  return action === 'fit' || action === 'partialFit';
}

/** Runs one training action on the estimator's model, in place. */
export async function train(
  estimator: Estimator,
  action: TrainingAction,
  X: number[][],
  Y: readonly (number | string)[],
): Promise<void> {
  if (action === 'fit') return estimator.fit(X, Y);
  if (!estimator.partialFit) throw new ValidationError(`models of kind ${estimator.kind} cannot partialFit; use fit`);
  return estimator.partialFit(X, Y);
}
