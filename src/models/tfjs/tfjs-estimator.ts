import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import { ValidationError } from '../../errors.js';
import type { Estimator } from '../model-codec.js';
import { checkTargets, type FeatureMatrix, featureMatrix, numericTargets } from '../onnx/feature-matrix.js';
import { accuracy, rSquared } from '../scores.js';
import { isTfjsFitted, lastDimension, loadTensorFlow, markTfjsFitted, optimizerOf } from './tfjs-model.js';

/** Passed to model.fit; the defaults are TF.js's own, except that progress is never logged. */
export interface TfjsFitOptions {
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly shuffle?: boolean;
}

const FIT_OPTIONS: Record<keyof TfjsFitOptions, 'integer' | 'boolean'> = {
  epochs: 'integer',
  batchSize: 'integer',
  shuffle: 'boolean',
};

/** Fit options from the caller's parameters (`--param epochs=20`); anything else is named. */
export function tfjsFitOptions(params: Readonly<Record<string, unknown>>): TfjsFitOptions {
  const options: Record<string, number | boolean> = {};
  for (const [name, value] of Object.entries(params)) {
    const type = Object.hasOwn(FIT_OPTIONS, name) ? FIT_OPTIONS[name as keyof TfjsFitOptions] : undefined;
    if (type === undefined) {
      throw new ValidationError(`TF.js models take the parameters ${Object.keys(FIT_OPTIONS).join(', ')}; not ${name}`);
    }
    const ok = type === 'boolean' ? typeof value === 'boolean' : Number.isInteger(value) && (value as number) > 0;
    if (!ok)
      throw new ValidationError(
        `parameter ${name} must be ${type === 'boolean' ? 'true or false' : 'a positive integer'}`,
      );
    options[name] = value as number | boolean;
  }
  return options;
}

/**
 * What the single output of the model means:
 * - `softmax` (k units): a classifier over class indices 0..k-1; Y holds indices, trained one-hot;
 * - `sigmoid` (1 unit): a binary classifier; Y holds 0 or 1;
 * - `values`: regression (1 unit: Y holds numbers, scored by R²) or k values per row
 *   (predict only: Y has one target per row).
 */
type Head = { readonly kind: 'softmax' | 'sigmoid' | 'values'; readonly units: number };

/** Drives a TF.js layers model with one [rows, features] input and one output as an Estimator. */
export function tfjsEstimator(model: LayersModel, options: TfjsFitOptions = {}): Estimator {
  const head = headOf(model);
  const predictLabels = async (X: number[][]): Promise<number[]> => {
    const { values, width } = await forward(model, X);
    return rowsOf(values, width).map((row) =>
      head.kind === 'sigmoid' ? Number((row[0] ?? 0) >= 0.5) : row.indexOf(Math.max(...row)),
    );
  };

  const predictProba = async (X: number[][]): Promise<number[][]> => {
    const { values, width } = await forward(model, X);
    return head.kind === 'softmax' ? rowsOf(values, width) : values.map((p) => [1 - p, p]);
  };

  return {
    kind: 'tfjs.layers',
    get fitted(): boolean {
      return isTfjsFitted(model);
    },
    model,
    async fit(X: number[][], Y: readonly (number | string)[]): Promise<void> {
      await fit(model, head, X, Y, options);
    },
    // A TF.js fit always goes on from the current weights.
    async partialFit(X: number[][], Y: readonly (number | string)[]): Promise<void> {
      await fit(model, head, X, Y, options);
    },
    async predict(X: number[][]): Promise<(number | string)[] | number[][]> {
      if (head.kind !== 'values') return predictLabels(X);
      const { values, width } = await forward(model, X);
      return width === 1 ? values : rowsOf(values, width);
    },
    async score(X: number[][], Y: readonly (number | string)[]): Promise<number> {
      const targets = checkTargets(Y, Array.isArray(X) ? X.length : 0);
      if (head.kind !== 'values') return accuracy(await predictLabels(X), targets);
      const { values, width } = await forward(model, X);
      if (width !== 1) throw new ValidationError(`score needs one output per row; the TF.js model gives ${width}`);
      return rSquared(values, numericTargets(targets));
    },
    ...(head.kind === 'values' ? {} : { predictProba }),
  };
}

function headOf(model: LayersModel): Head {
  const units = lastDimension(model.outputs[0]?.shape) ?? 1;
  const activation = model.outputLayers[0]?.getConfig().activation;
  if (activation === 'softmax' && units > 1) return { kind: 'softmax', units };
  if (activation === 'sigmoid' && units === 1) return { kind: 'sigmoid', units };
  return { kind: 'values', units };
}

/** X checked against the model's single [rows, features] input. */
function inputOf(model: LayersModel, X: unknown): FeatureMatrix {
  const [input, ...more] = model.inputs;
  if (input === undefined || more.length > 0 || model.outputs.length !== 1) {
    throw new ValidationError(
      `the estimator drives TF.js models with one input and one output; this one has ${model.inputs.length} and ${model.outputs.length}`,
    );
  }
  if (input.shape.length !== 2) {
    throw new ValidationError(
      `the TF.js model takes input of shape ${JSON.stringify(input.shape)}, not [rows, features]`,
    );
  }
  return featureMatrix(X, lastDimension(input.shape));
}

/** The model's output for X, flattened, with its values per row. */
async function forward(model: LayersModel, X: unknown): Promise<{ values: number[]; width: number }> {
  const matrix = inputOf(model, X);
  if (matrix.rows === 0) return { values: [], width: 1 };
  const tf = await loadTensorFlow();
  const output = tf.tidy(() => model.predict(tf.tensor2d(matrix.values, [matrix.rows, matrix.features])) as Tensor);
  try {
    return { values: Array.from(await output.data()), width: output.size / matrix.rows };
  } finally {
    output.dispose();
  }
}

function rowsOf(values: readonly number[], width: number): number[][] {
  return Array.from({ length: values.length / width }, (_, r) => values.slice(r * width, (r + 1) * width));
}

async function fit(
  model: LayersModel,
  head: Head,
  X: unknown,
  Y: readonly (number | string)[],
  options: TfjsFitOptions,
): Promise<void> {
  const matrix = inputOf(model, X);
  const targets = checkTargets(Y, matrix.rows);
  if (matrix.rows === 0) throw new ValidationError('fit needs at least one row');
  if (optimizerOf(model) === undefined) throw new ValidationError('compile the TF.js model (model.compile) before fit');
  if (head.kind === 'values' && head.units !== 1) {
    throw new ValidationError(`the TF.js model gives ${head.units} values per row; Y holds one target per row`);
  }
  const tf = await loadTensorFlow();
  const numbers = head.kind === 'softmax' ? classIndices(targets, head.units) : numericTargets(targets);
  if (head.kind === 'sigmoid' && numbers.some((y) => y !== 0 && y !== 1)) {
    throw new ValidationError('a sigmoid TF.js model takes Y of 0 and 1');
  }
  const xs = tf.tensor2d(matrix.values, [matrix.rows, matrix.features]);
  const ys =
    head.kind === 'softmax'
      ? tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(numbers, 'int32'), head.units), 'float32'))
      : tf.tensor2d(numbers, [numbers.length, 1]);
  try {
    await model.fit(xs, ys, { ...options, verbose: 0 });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`TF.js fit failed: ${reason}`, { cause: error });
  } finally {
    tf.dispose([xs, ys]);
  }
  markTfjsFitted(model);
}

/** Softmax targets: class indices 0..units-1, as numbers or numeric strings. */
function classIndices(Y: readonly (number | string)[], units: number): number[] {
  return Y.map((y, i) => {
    const index = typeof y === 'number' ? y : Number(y);
    if (!Number.isInteger(index) || index < 0 || index >= units) {
      throw new ValidationError(
        `Y[${i}] is ${JSON.stringify(y)}; a softmax TF.js model with ${units} units takes class indices 0..${units - 1}`,
      );
    }
    return index;
  });
}
