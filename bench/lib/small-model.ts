// ml-logistic-regression through omegats' own typing of it (the package ships no types).
import { LogisticRegression, Matrix } from '../../src/models/mljs/lib.js';
import { mulberry32 } from './random.js';

/** The runtime benchmark's model: a logistic regression on 4 features, 3 classes, small and quick to train. */
export const SMALL_MODEL = { rows: 200, features: 4, classes: 3, numSteps: 1000, learningRate: 5e-3, seed: 7 } as const;

/** Distinct rows the benchmark predicts, one per task, in turn. */
const INPUT_ROWS = 100;

export interface SmallModel {
  model: LogisticRegression;
  /** `JSON.stringify(model)`: what `LogisticRegression.load(JSON.parse(…))` restores. */
  json: string;
  /** The rows tasks predict (one row per task), and the model's own prediction of each. */
  inputs: number[][];
  expected: number[];
}

/** `count` rows of SMALL_MODEL.features floats in [0, 1); the class follows the first three features. */
function rows(count: number, seed: number): { X: number[][]; y: number[] } {
  const next = mulberry32(seed);
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < count; i++) {
    const row = Array.from({ length: SMALL_MODEL.features }, next);
    const [a = 0, b = 0, c = 0] = row;
    X.push(row);
    y.push((a + b > 1 ? 1 : 0) + (c > 0.6 ? 1 : 0));
  }
  return { X, y };
}

/** Trains the model (well under a second) and predicts its input rows in this process. */
export function trainSmallModel(): SmallModel {
  const { X, y } = rows(SMALL_MODEL.rows, SMALL_MODEL.seed);
  const model = new LogisticRegression({ numSteps: SMALL_MODEL.numSteps, learningRate: SMALL_MODEL.learningRate });
  model.train(new Matrix(X), Matrix.columnVector(y));
  const inputs = rows(INPUT_ROWS, SMALL_MODEL.seed + 1).X;
  return { model, json: JSON.stringify(model), inputs, expected: model.predict(new Matrix(inputs)) };
}
