import type { Tensor } from 'onnxruntime-node';
import { ValidationError } from '../../errors.js';
import type { Estimator } from '../model-codec.js';
import { accuracy, rSquared } from '../scores.js';
import { checkTargets, featureMatrix, numericTargets } from './feature-matrix.js';
import { loadOnnxRuntime, type OnnxModel, type OnnxValueInfo } from './onnx-model.js';

const FLOAT_TYPES = new Set(['float32', 'float64']);

/**
 * Drives an OnnxModel as an Estimator: X goes in as a float tensor [rows, features] on the first
 * input; `predict` returns the first output (labels, values or rows), `predictProba` the second
 * when the model has one (classifiers exported without a ZipMap). Fitting is refused.
 */
export function onnxEstimator(model: OnnxModel): Estimator {
  const [first, second] = model.outputs;
  if (first === undefined) throw new ValidationError('the ONNX model has no outputs');
  const labels = first.type !== undefined && !FLOAT_TYPES.has(first.type);

  const estimator: Estimator = {
    kind: 'onnx',
    fitted: true,
    model,
    async fit(): Promise<void> {
      throw new ValidationError('ONNX models are inference-only (kind onnx): fit is not supported');
    },
    async predict(X: number[][]): Promise<(number | string)[] | number[][]> {
      return plain(await run(model, X, first));
    },
    async score(X: number[][], Y: readonly (number | string)[]): Promise<number> {
      const targets = checkTargets(Y, Array.isArray(X) ? X.length : 0);
      const predicted = plain(await run(model, X, first));
      if (predicted.some(Array.isArray)) {
        throw new ValidationError(`score needs one value per row; output ${first.name} gives several`);
      }
      const values = predicted as (number | string)[];
      return labels ? accuracy(values, targets) : rSquared(values as number[], numericTargets(targets));
    },
  };
  if (second?.type === undefined) return estimator;
  return {
    ...estimator,
    async predictProba(X: number[][]): Promise<number[][]> {
      const values = plain(await run(model, X, second));
      return values.map((row) => (Array.isArray(row) ? row : [Number(row)]));
    },
  };
}

async function run(model: OnnxModel, X: unknown, output: OnnxValueInfo): Promise<Tensor> {
  const [input, ...more] = model.inputs;
  if (input === undefined || more.length > 0) {
    throw new ValidationError(`the ONNX model takes ${model.inputs.length} inputs; the estimator feeds exactly one`);
  }
  const type = input.type ?? 'float32';
  if (type !== 'float32' && type !== 'float64') {
    throw new ValidationError(`ONNX input ${input.name} is ${type}; the estimator feeds float32 or float64`);
  }
  const matrix = featureMatrix(X, model.featureCount);
  const ort = await loadOnnxRuntime();
  const data = type === 'float32' ? Float32Array.from(matrix.values) : Float64Array.from(matrix.values);
  const feed = new ort.Tensor(type, data, [matrix.rows, matrix.features]);
  const session = await model.session();
  const result = await session.run({ [input.name]: feed }, [output.name]);
  const tensor = result[output.name];
  if (tensor === undefined) throw new ValidationError(`the ONNX model returned no ${output.name}`);
  return tensor;
}

/** A tensor as plain arrays: one value per row for [n] and [n, 1], else one array per row. */
function plain(tensor: Tensor): (number | string)[] | number[][] {
  const values: (number | string)[] = Array.from(tensor.data as ArrayLike<number | bigint | string>, (value) =>
    typeof value === 'bigint' ? Number(value) : value,
  );
  const rows = tensor.dims[0] ?? values.length;
  const width = rows === 0 ? 0 : values.length / rows;
  if (tensor.dims.length <= 1 || width === 1) return values;
  const numbers = values.map(Number);
  return Array.from({ length: rows }, (_, r) => numbers.slice(r * width, (r + 1) * width));
}
