import { z } from 'zod';
import { ValidationError } from '../errors.js';

/** Rows as arrays or objects, or a column dict `{ column: [values…] }`. */
const Data = z.union([z.array(z.unknown()), z.record(z.string(), z.array(z.unknown()))]);

/** The body of a model action (omega|ml's shape): X as `data` (+ `columns`), literal targets as `y`. */
export const ModelActionBody = z
  .object({
    data: Data.optional().describe('X: rows (arrays or objects) or a column dict'),
    columns: z.array(z.string()).optional().describe('the feature columns of X, in the model’s order'),
    y: z.array(z.unknown()).optional().describe('Y: one target per row (fit, partial_fit, score)'),
  })
  .meta({ id: 'ModelActionBody' });
export type ModelActionBody = z.infer<typeof ModelActionBody>;

/** Dataset names instead of literal data (omega|ml's `datax=`, `datay=`). */
export const ModelActionQuery = z.object({
  datax: z.string().min(1).optional().describe('X: a dataset name, modifiers allowed (`sales[a,b]`)'),
  datay: z.string().min(1).optional().describe('Y: a dataset name'),
});

/** X and Y for the runtime: dataset names, or literal rows (objects projected to `columns`). */
export function modelInput(
  body: ModelActionBody | undefined,
  query: z.infer<typeof ModelActionQuery>,
): { X: unknown; Y: unknown } {
  if (body?.data !== undefined && query.datax !== undefined) {
    throw new ValidationError('give X either as data in the body or as datax=<dataset>, not both');
  }
  if (body?.y !== undefined && query.datay !== undefined) {
    throw new ValidationError('give Y either as y in the body or as datay=<dataset>, not both');
  }
  const X = body?.data === undefined ? query.datax : rowsOf(body.data, body.columns);
  return { X, Y: body?.y ?? query.datay };
}

/** Literal X as rows: a column dict becomes rows; with `columns`, object rows become arrays in that order. */
function rowsOf(data: unknown[] | Record<string, unknown[]>, columns: string[] | undefined): unknown[] {
  if (Array.isArray(data)) {
    if (data.length === 0) throw new ValidationError('data holds no rows');
    return columns === undefined ? data : data.map((row, r) => project(row, columns, r));
  }
  const names = columns ?? Object.keys(data);
  const lengths = new Set(Object.values(data).map((values) => values.length));
  if (lengths.size !== 1) throw new ValidationError('data as a column dict needs columns of one and the same length');
  const [length] = [...lengths] as [number];
  if (length === 0) throw new ValidationError('data holds no rows');
  for (const name of names) {
    if (!Object.hasOwn(data, name)) throw new ValidationError(`columns names ${name}, which data does not hold`);
  }
  return Array.from({ length }, (_, r) => names.map((name) => (data[name] as unknown[])[r]));
}

function project(row: unknown, columns: string[], r: number): unknown {
  if (Array.isArray(row)) {
    if (row.length !== columns.length) {
      throw new ValidationError(`data row ${r} has ${row.length} values for ${columns.length} columns`);
    }
    return row;
  }
  if (typeof row !== 'object' || row === null) throw new ValidationError(`data row ${r} is not an array or an object`);
  const record = row as Record<string, unknown>;
  return columns.map((name) => {
    if (!Object.hasOwn(record, name)) throw new ValidationError(`data row ${r} has no column ${name}`);
    return record[name];
  });
}
