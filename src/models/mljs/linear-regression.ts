import { familyCodec } from './codec.js';
import { badRow, badValue, checkRows } from './data.js';
import type { MljsFamily } from './family.js';
import { isObject, type JsonObject } from './json.js';
import { mlLinearRegression, mlMatrix } from './load.js';
import { hasShape } from './shape.js';
import type { LinearRegressionJSON, LinearRegressionOptions, MultivariateLinearRegression } from './types.js';

/**
 * An untrained MultivariateLinearRegression. The library has no such state (its constructor
 * fits), so this is a bare instance holding only the options; fitting it through `estimatorFor`
 * trains it in place.
 */
export function untrainedLinearRegression(options: LinearRegressionOptions = {}): MultivariateLinearRegression {
  const mlr: MultivariateLinearRegression = Object.create(mlLinearRegression.exports.prototype);
  mlr.intercept = options.intercept ?? true;
  mlr.statistics = options.statistics ?? true;
  return mlr;
}

function optionsOf(mlr: MultivariateLinearRegression): Required<LinearRegressionOptions> {
  return { intercept: mlr.intercept ?? true, statistics: mlr.statistics ?? true };
}

/**
 * The library's `toJSON` is not used: its summary is not read back by `load`, and it throws on a
 * loaded model (load forgets the statistics yet keeps `statistics` on). This keeps what `load`
 * reads plus the fit statistics, which decode puts back.
 */
function toModel(mlr: MultivariateLinearRegression): JsonObject {
  const { weights, inputs, outputs, intercept, stdError, stdErrorMatrix, stdErrors, tStats } = mlr;
  const model = { name: 'multivariateLinearRegression', weights, inputs, outputs, intercept };
  if (!mlr.statistics || stdErrors === undefined) return model;
  return { ...model, stats: { stdError, stdErrorMatrix, stdErrors, tStats } };
}

function load(model: JsonObject): MultivariateLinearRegression {
  const mlr = mlLinearRegression.exports.load(model as unknown as LinearRegressionJSON);
  const { stats } = model;
  mlr.statistics = isObject(stats);
  if (isObject(stats)) {
    const { stdError, stdErrorMatrix, stdErrors, tStats } = stats;
    mlr.stdError = typeof stdError === 'number' ? stdError : Number.NaN;
    if (Array.isArray(stdErrorMatrix)) mlr.stdErrorMatrix = new mlMatrix.exports.Matrix(stdErrorMatrix as number[][]);
    mlr.stdErrors = stdErrors as number[];
    mlr.tStats = tStats as number[];
  }
  return mlr;
}

/**
 * Single-output predictions, checking each row as it is read. The library's own predict is so
 * cheap (one short dot product per row) that a separate check pass would halve throughput. This is
 * its `_predict` (intercept first, then each weight × feature in order), so the numbers are the
 * same to the bit. Models with several outputs use the library after a full check.
 */
function predict(mlr: MultivariateLinearRegression, X: number[][]): number[] | number[][] {
  const { weights = [], inputs = 0 } = mlr;
  if (mlr.outputs !== 1) {
    checkRows(X, inputs);
    return mlr.predict(X);
  }
  const w = Float64Array.from(weights, (row) => row[0] ?? Number.NaN);
  const start = mlr.intercept ? (w[inputs] ?? Number.NaN) : 0;
  const predicted: number[] = [];
  for (let r = 0; r < X.length; r++) {
    const row: unknown = X[r];
    if (!Array.isArray(row) || row.length !== inputs) throw badRow(r, row, inputs);
    let y = start;
    for (let i = 0; i < inputs; i++) {
      const value: unknown = row[i];
      if (typeof value !== 'number') throw badValue(r, i, value);
      y += (w[i] ?? Number.NaN) * value;
    }
    // A NaN or infinite feature shows in y; only then are the row's values looked at one by one.
    if (!Number.isFinite(y)) {
      const at = row.findIndex((value) => !Number.isFinite(value));
      if (at >= 0) throw badValue(r, at, row[at]);
    }
    predicted.push(y);
  }
  return predicted;
}

/**
 * ml-regression-multivariate-linear's MultivariateLinearRegression. Y may be one number per row
 * (fit wraps it; predict unwraps a single output); a model with several outputs predicts rows.
 */
export const linearRegressionFamily: MljsFamily<MultivariateLinearRegression> = {
  kind: 'mljs.linear-regression',
  className: 'MultivariateLinearRegression',
  target: 'numeric',
  input: 'self',
  is: (obj): obj is MultivariateLinearRegression =>
    hasShape(obj, 'MultivariateLinearRegression', ['name', 'multivariateLinearRegression']),
  isFitted: (mlr) => Array.isArray(mlr.weights),
  state: (mlr) => mlr.weights,
  features: (mlr) => mlr.inputs,
  options: optionsOf,
  toModel,
  meta: (mlr) => ({ outputs: mlr.outputs }),
  create: (options) =>
    untrainedLinearRegression({
      ...(typeof options?.intercept === 'boolean' ? { intercept: options.intercept } : {}),
      ...(typeof options?.statistics === 'boolean' ? { statistics: options.statistics } : {}),
    }),
  load,
  fit(mlr, X, y) {
    Object.assign(
      mlr,
      new mlLinearRegression.exports(
        X,
        y.map((v) => [v]),
        optionsOf(mlr),
      ),
    );
  },
  predict: (mlr, X) => predict(mlr, X),
};

export const linearRegressionCodec = familyCodec(linearRegressionFamily);
