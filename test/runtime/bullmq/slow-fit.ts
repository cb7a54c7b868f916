import { RandomForestClassifier } from 'ml-random-forest';
import type { Omega } from '../../../src/omega.js';
import { trainingRows } from './training.js';

/**
 * Stores an untrained forest `name` and its training data `<name>-data`, sized so that a fit
 * takes about 2–3 s (one synchronous block of CPU work). Returns the fit's X and Y.
 */
export async function putSlowFit(om: Omega, name: string): Promise<{ X: string; Y: string }> {
  await om.datasets.put(trainingRows(700), `${name}-data`);
  await om.models.put(new RandomForestClassifier({ nEstimators: 60, seed: 1, noOOB: true }), name);
  return { X: `${name}-data[a,b]`, Y: `${name}-data[label]` };
}
