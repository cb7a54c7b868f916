import { performance } from 'node:perf_hooks';
// ml-random-forest through omegats' own typing of it (the package's types are broken: no `seed`…).
import { RandomForestClassifier } from '../../src/models/mljs/lib.js';
import { mulberry32 } from './random.js';

export { RandomForestClassifier };

/** The benchmark's model: a 100-tree forest on 500 rows × 8 features, 3 classes (library defaults otherwise). */
export const FOREST = { rows: 500, features: 8, classes: 3, trees: 100, seed: 42 } as const;

const LABEL_NOISE = 0.1;

/**
 * `count` rows of FOREST.features floats in [0, 1), the same for the same seed. The class
 * (0..2) follows the first three features, with 10% of the labels drawn at random.
 */
export function forestRows(count: number, seed: number): { X: number[][]; y: number[] } {
  const next = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = Array.from({ length: FOREST.features }, next);
    const [a = 0, b = 0, c = 0] = row;
    const label = next() < LABEL_NOISE ? Math.floor(next() * FOREST.classes) : (a + b > 1 ? 1 : 0) + (c > 0.6 ? 1 : 0);
    X.push(row);
    y.push(label);
  }
  return { X, y };
}

export interface TrainedForest {
  forest: RandomForestClassifier;
  trainMs: number;
}

/** Trains the benchmark's forest once (ml-cart is slow: 10–15 s here). */
export function trainForest(): TrainedForest {
  const { X, y } = forestRows(FOREST.rows, FOREST.seed);
  const started = performance.now();
  const forest = new RandomForestClassifier({ nEstimators: FOREST.trees, seed: FOREST.seed });
  forest.train(X, y);
  return { forest, trainMs: performance.now() - started };
}
