import { tableMetaOf } from '../../datasets/table-meta.js';
import type { Column, ColumnType } from '../../datasets/types.js';
import type { Omega } from '../../omega.js';
import type { Metadata } from '../../store/metadata.js';
import { parseName } from '../../store/names.js';
import type { TensorDatatype } from './tensor.js';

/** An input or output as V2 model metadata describes it; -1 is a dimension of any size. */
export interface TensorSpec {
  name: string;
  datatype: TensorDatatype;
  shape: number[];
}

export interface ModelSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** What a model whose training data is unknown takes and gives: rows of numbers, one value per row. */
const ANY_INPUT: TensorSpec = { name: 'input-0', datatype: 'FP64', shape: [-1, -1] };
const ANY_OUTPUT: TensorSpec = { name: 'output-0', datatype: 'FP64', shape: [-1] };

const DATATYPES: Readonly<Record<ColumnType, TensorDatatype>> = {
  integer: 'INT64',
  bigint: 'INT64',
  float: 'FP64',
  boolean: 'BOOL',
  text: 'BYTES',
  timestamp: 'BYTES',
  json: 'BYTES',
};

/**
 * The model's inputs and outputs: one tensor per column of the X (`[-1, 1]`) and Y (`[-1]`)
 * datasets its last fit recorded (`attributes.dataset`, projections included), typed by the
 * stored columns; `input-0` (FP64 `[-1, -1]`) and `output-0` (FP64 `[-1]`) when unknown.
 */
export async function modelSignature(om: Omega, model: Metadata): Promise<ModelSignature> {
  const recorded = (model.attributes.dataset ?? {}) as Record<string, unknown>;
  const inputs = await recordedColumns(om, recorded.X);
  const outputs = await recordedColumns(om, recorded.Y);
  return {
    inputs: inputs ? inputs.map((column) => columnSpec(column, [-1, 1])) : [ANY_INPUT],
    outputs: outputs ? outputs.map((column) => columnSpec(column, [-1])) : [ANY_OUTPUT],
  };
}

function columnSpec(column: Column, shape: number[]): TensorSpec {
  return { name: column.name, datatype: DATATYPES[column.type], shape };
}

/** The columns of a recorded table dataset (as projected), or null when it is not one any more. */
async function recordedColumns(om: Omega, dataset: unknown): Promise<readonly Column[] | null> {
  if (typeof dataset !== 'string') return null;
  let parsed: ReturnType<typeof parseName>;
  try {
    parsed = parseName(dataset, { projection: true, version: false });
  } catch {
    return null;
  }
  const meta = await om.datasets.metadata(parsed.name);
  if (meta?.kind !== 'table') return null;
  const { columns } = tableMetaOf(meta.kindMeta, `data/${parsed.name}`);
  if (!parsed.columns) return columns;
  const byName = new Map(columns.map((column) => [column.name, column]));
  const projected = parsed.columns.map((name) => byName.get(name));
  return projected.every((column) => column !== undefined) ? (projected as Column[]) : null;
}
