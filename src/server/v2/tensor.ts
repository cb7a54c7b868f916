import { preview } from '../../datasets/values/preview.js';
import { ValidationError } from '../../errors.js';

/** The tensor datatypes of the Open Inference Protocol that omegats reads and writes. */
export const TENSOR_DATATYPES = ['BOOL', 'INT32', 'INT64', 'FP32', 'FP64', 'BYTES'] as const;
export type TensorDatatype = (typeof TENSOR_DATATYPES)[number];

/** A tensor as a V2 request or response carries it: `data` flat or nested, row-major. */
export interface Tensor {
  name: string;
  shape: number[];
  datatype: string;
  data: unknown[];
}

/** The most dimensions a tensor may have. */
export const MAX_TENSOR_RANK = 16;

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const FP32_MAX = 3.4028234663852886e38;

/**
 * The rows of features the inputs describe: dimension 0 of every input is the batch (the rows);
 * the rest of an input's dimensions are its features, in row-major order. Several inputs (one
 * per column, say) are joined feature-wise in the order of `order` when it names every input
 * (the model's inputs), else as given. A shape that does not match its data, a value that is
 * not of the datatype, or inputs of different batch sizes are ValidationErrors naming the input.
 */
export function featureRows(inputs: readonly Tensor[], order?: readonly string[]): unknown[][] {
  if (inputs.length === 0) throw new ValidationError('inputs: give at least one tensor');
  const ordered =
    order && inputs.every((input) => order.includes(input.name))
      ? [...inputs].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
      : inputs;
  const decoded = ordered.map((input) => ({ input, values: tensorValues(input) }));
  const batch = decoded[0]?.input.shape[0] ?? 0;
  if (batch === 0) throw new ValidationError('inputs: the batch is empty (dimension 0 is 0)');
  const rows: unknown[][] = Array.from({ length: batch }, () => []);
  for (const { input, values } of decoded) {
    if (input.shape[0] !== batch) {
      throw new ValidationError(
        `input ${preview(input.name)}: batch size ${input.shape[0]} differs from ${batch} of input ${preview(ordered[0]?.name)}`,
      );
    }
    const width = values.length / batch;
    for (let row = 0; row < batch; row++) {
      const target = rows[row] as unknown[];
      for (let k = 0; k < width; k++) target.push(values[row * width + k]);
    }
  }
  return rows;
}

/** A tensor's values, flat and row-major, each checked against its datatype and the shape's element count. */
export function tensorValues(tensor: Tensor): unknown[] {
  const where = `input ${preview(tensor.name)}`;
  const datatype = checkedDatatype(tensor.datatype, where);
  const { shape } = tensor;
  if (shape.length === 0 || shape.length > MAX_TENSOR_RANK) {
    throw new ValidationError(`${where}: shape must have 1 to ${MAX_TENSOR_RANK} dimensions, got ${shape.length}`);
  }
  if (!shape.every((n) => Number.isSafeInteger(n) && n >= 0)) {
    throw new ValidationError(`${where}: shape dimensions must be non-negative integers, got [${shape.join(', ')}]`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (!Number.isSafeInteger(size)) throw new ValidationError(`${where}: shape [${shape.join(', ')}] is too large`);
  const values = flatValues(tensor.data, shape, where);
  if (values.length !== size) {
    throw new ValidationError(
      `${where}: shape [${shape.join(', ')}] holds ${size} values, but data has ${values.length}`,
    );
  }
  const check = VALUE_CHECKS[datatype];
  values.forEach((value, index) => {
    if (!check(value)) {
      throw new ValidationError(`${where}: value ${index} (${preview(value)}) is not ${datatype}`);
    }
  });
  return values;
}

/** The output tensor of one value per row (shape [n]) or one row of values per row (shape [n, k]). */
export function outputTensor(name: string, values: readonly unknown[]): Tensor {
  const rows = values.every(Array.isArray);
  const width = rows ? ((values[0] as unknown[] | undefined)?.length ?? 0) : 1;
  if (rows && !values.every((row) => (row as unknown[]).length === width)) {
    throw new ValidationError(`output ${preview(name)}: rows of different lengths cannot form a tensor`);
  }
  const data = rows ? (values as unknown[][]).flat() : [...values];
  return { name, shape: rows ? [values.length, width] : [values.length], datatype: datatypeOf(data), data };
}

/** The datatype that holds every value: BOOL, INT64 (safe integers), FP64 (numbers), else BYTES. */
function datatypeOf(values: readonly unknown[]): TensorDatatype {
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return 'BOOL';
  if (values.every((v) => typeof v === 'number')) return values.every(Number.isSafeInteger) ? 'INT64' : 'FP64';
  return 'BYTES';
}

const VALUE_CHECKS: Readonly<Record<TensorDatatype, (value: unknown) => boolean>> = {
  BOOL: (v) => typeof v === 'boolean',
  INT32: (v) => Number.isInteger(v) && (v as number) >= INT32_MIN && (v as number) <= INT32_MAX,
  INT64: (v) => Number.isSafeInteger(v),
  FP32: (v) => typeof v === 'number' && Math.abs(v) <= FP32_MAX,
  FP64: (v) => typeof v === 'number',
  BYTES: (v) => typeof v === 'string',
};

function checkedDatatype(datatype: string, where: string): TensorDatatype {
  if ((TENSOR_DATATYPES as readonly string[]).includes(datatype)) return datatype as TensorDatatype;
  throw new ValidationError(
    `${where}: datatype ${preview(datatype)} is not supported (supported: ${TENSOR_DATATYPES.join(', ')})`,
  );
}

/**
 * `data` flat, or nested exactly as the shape says (`[[1, 2], [3, 4]]` for [2, 2]), as one flat
 * list; nesting deeper than the shape, or ragged, is a ValidationError.
 */
function flatValues(data: readonly unknown[], shape: readonly number[], where: string): unknown[] {
  if (!data.some(Array.isArray)) return [...data];
  const out: unknown[] = [];
  const walk = (part: readonly unknown[], depth: number): void => {
    if (part.length !== shape[depth]) {
      throw new ValidationError(
        `${where}: nested data has ${part.length} entries at dimension ${depth}, the shape says ${shape[depth]}`,
      );
    }
    const last = depth === shape.length - 1;
    for (const item of part) {
      if (Array.isArray(item) !== !last) {
        throw new ValidationError(`${where}: nested data does not follow the shape [${shape.join(', ')}]`);
      }
      if (last) out.push(item);
      else walk(item as unknown[], depth + 1);
    }
  };
  walk(data, 0);
  return out;
}
