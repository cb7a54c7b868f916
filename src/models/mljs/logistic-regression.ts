import { familyCodec } from './codec.js';
import type { MljsFamily } from './family.js';
import type { JsonObject } from './json.js';
import { mlLogisticRegression, mlMatrix } from './load.js';
import { hasShape } from './shape.js';
import { range } from './trees.js';
import type { LogisticRegression, LogisticRegressionJSON, LogisticRegressionOptions, Matrix } from './types.js';

function isTrained(lr: LogisticRegression): boolean {
  const { numberClasses, classifiers } = lr;
  return (
    numberClasses > 0 &&
    classifiers.length === numberClasses &&
    classifiers.every((c) => c?.weights !== undefined && c.weights !== null)
  );
}

function optionsFrom(options: JsonObject | undefined): LogisticRegressionOptions {
  const { numSteps, learningRate } = options ?? {};
  return {
    ...(typeof numSteps === 'number' ? { numSteps } : {}),
    ...(typeof learningRate === 'number' ? { learningRate } : {}),
  };
}

/**
 * One-vs-all probabilities: each binary model scores "not this class" (the library trains it with
 * the class as 0), so 1 - score is the class's; they are normalised to sum to 1 per row.
 */
function probabilities(lr: LogisticRegression, X: number[][], matrix: Matrix): number[][] {
  const scores = lr.classifiers.map((c) => c?.testScores(matrix) ?? []);
  return X.map((_, i) => {
    const odds = scores.map((s) => 1 - (s[i] ?? 1));
    const total = odds.reduce((sum, p) => sum + p, 0);
    return total > 0 ? odds.map((p) => p / total) : odds.map(() => 1 / odds.length);
  });
}

/**
 * ml-logistic-regression's LogisticRegression (one-vs-all, gradient ascent, no intercept term:
 * add a constant feature column for one). Labels 0..k-1 only (omegats maps other labels).
 */
export const logisticRegressionFamily: MljsFamily<LogisticRegression> = {
  kind: 'mljs.logistic-regression',
  className: 'LogisticRegression',
  target: 'indexed',
  input: 'rows',
  is: (obj): obj is LogisticRegression => hasShape(obj, 'LogisticRegression', ['name', 'LogisticRegression']),
  isFitted: isTrained,
  state: (lr) => lr.classifiers,
  features: (lr) => lr.classifiers[0]?.weights?.columns,
  classes: (lr) => (isTrained(lr) ? range(lr.numberClasses) : undefined),
  options: (lr) => ({ numSteps: lr.numSteps, learningRate: lr.learningRate }),
  toModel: (lr) => lr.toJSON(),
  create: (options) => new mlLogisticRegression.exports(optionsFrom(options)),
  load: (model) => mlLogisticRegression.exports.load(model as unknown as LogisticRegressionJSON),
  fit(lr, X, y) {
    const { Matrix } = mlMatrix.exports;
    lr.train(new Matrix(X), Matrix.columnVector([...y]));
  },
  predict: (lr, X) => lr.predict(new mlMatrix.exports.Matrix(X)),
  predictProba: (lr, X) => probabilities(lr, X, new mlMatrix.exports.Matrix(X)),
};

export const logisticRegressionCodec = familyCodec(logisticRegressionFamily);
