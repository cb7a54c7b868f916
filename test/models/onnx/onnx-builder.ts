// Builds tiny ONNX models by hand: a minimal protobuf writer and the few onnx.proto messages the
// tests need (field numbers from onnx.proto). Nothing is downloaded. Message builders return the
// message body; the parent wraps it in its field.

/** Encoded protobuf bytes: one field, or a message body. */
type Field = Uint8Array;

function varint(value: number | bigint): number[] {
  let rest = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(rest & 0x7fn);
    rest >>= 7n;
    if (rest > 0n) byte |= 0x80;
    out.push(byte);
  } while (rest > 0n);
  return out;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));
const key = (field: number, wireType: number): number[] => varint((field << 3) | wireType);

const int = (field: number, value: number): Field => Uint8Array.from([...key(field, 0), ...varint(value)]);
const bytes = (field: number, value: Uint8Array): Field =>
  Uint8Array.from([...key(field, 2), ...varint(value.length), ...value]);
const text = (field: number, value: string): Field => bytes(field, new TextEncoder().encode(value));
const message = (field: number, ...fields: Field[]): Field => bytes(field, concat(fields));
function float(field: number, value: number): Field {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setFloat32(0, value, true);
  return Uint8Array.from([...key(field, 5), ...out]);
}

export const FLOAT = 1;
export const INT64 = 7;

/** A graph input or output: a tensor of `elemType` whose dimensions are numbers or symbolic names. */
export function valueInfo(name: string, elemType: number, shape: readonly (number | string)[]): Field {
  const dims = shape.map((dim) => message(1, typeof dim === 'number' ? int(1, dim) : text(2, dim)));
  return concat([text(1, name), message(2, message(1, int(1, elemType), message(2, ...dims)))]);
}

/** A float initializer. */
export function floatTensor(name: string, dims: readonly number[], values: readonly number[]): Field {
  return concat([...dims.map((dim) => int(1, dim)), int(2, FLOAT), ...values.map((v) => float(4, v)), text(8, name)]);
}

/** A node; `intAttributes` become INT AttributeProtos. */
export function node(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  intAttributes: Readonly<Record<string, number>> = {},
): Field {
  const attributes = Object.entries(intAttributes).map(([name, value]) =>
    message(5, text(1, name), int(3, value), int(20, 2)),
  );
  return concat([...inputs.map((i) => text(1, i)), ...outputs.map((o) => text(2, o)), text(4, opType), ...attributes]);
}

export interface GraphSpec {
  nodes: Field[];
  initializers: Field[];
  inputs: Field[];
  outputs: Field[];
}

/** A ModelProto (IR 8, default opset 13). */
export function model(graph: GraphSpec): Uint8Array {
  const graphProto = message(
    7,
    ...graph.nodes.map((n) => bytes(1, n)),
    text(2, 'omegats-test'),
    ...graph.initializers.map((t) => bytes(5, t)),
    ...graph.inputs.map((i) => bytes(11, i)),
    ...graph.outputs.map((o) => bytes(12, o)),
  );
  return concat([int(1, 8), graphProto, message(8, text(1, ''), int(2, 13))]);
}

/** y = X·[1, 2, 3] + 0.5 on X: float[N, 3], y: float[N, 1]. */
export function linearModel(): Uint8Array {
  return model({
    nodes: [node('MatMul', ['X', 'W'], ['XW']), node('Add', ['XW', 'B'], ['y'])],
    initializers: [floatTensor('W', [3, 1], [1, 2, 3]), floatTensor('B', [1], [0.5])],
    inputs: [valueInfo('X', FLOAT, ['N', 3])],
    outputs: [valueInfo('y', FLOAT, ['N', 1])],
  });
}

/**
 * A two-class classifier on X: float[N, 4]: scores = X·W, probabilities = Softmax(scores),
 * label = ArgMax(probabilities): int64[N]. Class 1 wins when x0 + x1 > x2 + x3.
 */
export function classifierModel(): Uint8Array {
  return model({
    nodes: [
      node('MatMul', ['X', 'W'], ['scores']),
      node('Softmax', ['scores'], ['probabilities'], { axis: 1 }),
      node('ArgMax', ['probabilities'], ['label'], { axis: 1, keepdims: 0 }),
    ],
    initializers: [floatTensor('W', [4, 2], [0, 1, 0, 1, 1, 0, 1, 0])],
    inputs: [valueInfo('X', FLOAT, ['N', 4])],
    outputs: [valueInfo('label', INT64, ['N']), valueInfo('probabilities', FLOAT, ['N', 2])],
  });
}
