import { ValidationError } from '../../errors.js';
import type { Estimator } from '../model-codec.js';
import { MljsEstimator } from './estimator.js';
import { mljsFamilies } from './families.js';

function typeName(model: unknown): string {
  if (model === null) return 'null';
  if (typeof model !== 'object') return typeof model;
  const name: unknown = model.constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'object';
}

/**
 * The Estimator of an ml.js model (any class of mljsFamilies). It validates X and Y, maps class
 * labels for the libraries that need 0..k-1, and checks the feature count before predicting.
 */
export function estimatorFor(model: unknown): Estimator {
  const family = mljsFamilies.find((f) => f.is(model));
  if (family === undefined || typeof model !== 'object' || model === null) {
    throw new ValidationError(`${typeName(model)} is not an ml.js model omegats can drive`);
  }
  return new MljsEstimator(family, model);
}
