import { RandomForestClassifier } from 'ml-random-forest';
import type { Omega } from '../../../src/omega.js';
import { trainingRows } from './training.js';

/**
 * Stores an untrained forest `name` and its training data `<name>-data`, sized so that a fit
 * takes 1–3 s (one synchronous block of CPU work; `trees` times more trees, that many times
 * longer). Returns the fit's X and Y.
 */
export async function putSlowFit(om: Omega, name: string, trees = 1): Promise<{ X: string; Y: string }> {
  await om.datasets.put(trainingRows(700), `${name}-data`);
  await om.models.put(new RandomForestClassifier({ nEstimators: 60 * trees, seed: 1, noOOB: true }), name);
  return { X: `${name}-data[a,b]`, Y: `${name}-data[label]` };
}
