import type * as arrow from 'apache-arrow';

/** apache-arrow is large: loaded only when an Arrow table comes in or goes out (imported once). */
let arrowModule: Promise<typeof arrow> | undefined;
const loadArrow = () => {
  arrowModule ??= import('apache-arrow');
  return arrowModule;
};

import type { Column, ColumnType, Row } from './types.js';

/** Arrow tables are recognised by shape, so a table from another copy of apache-arrow works too. */
export function isArrowTable(obj: unknown): obj is arrow.Table {
  const t = obj as Partial<arrow.Table> | null;
  return typeof t === 'object' && t !== null && typeof t.getChild === 'function' && Array.isArray(t.schema?.fields);
}

/** The column types of an Arrow table; 64-bit integers are `bigint` only when a value needs it. */
export async function arrowColumns(table: arrow.Table): Promise<Column[]> {
  const { Type } = await loadArrow();
  return table.schema.fields.map((field) => {
    const type = columnType(Type, field.type);
    if (type !== 'bigint') return { name: field.name, type };
    const vector = table.getChild(field.name) as arrow.Vector;
    for (let i = 0; i < vector.length; i++) {
      const v = vector.get(i) as bigint | null;
      if (v !== null && (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))) {
        return { name: field.name, type };
      }
    }
    return { name: field.name, type: 'integer' as const };
  });
}

/** The table's rows, `size` at a time, values as the column types define them. */
export function* arrowRows(table: arrow.Table, columns: readonly Column[], size: number): Generator<Row[]> {
  const vectors = columns.map((c) => table.getChild(c.name) as arrow.Vector);
  const convert = columns.map((c) => fromArrow(c.type));
  for (let start = 0; start < table.numRows; start += size) {
    const end = Math.min(table.numRows, start + size);
    const rows: Row[] = [];
    for (let i = start; i < end; i++) {
      const row: Row = {};
      columns.forEach((c, k) => {
        const v = (vectors[k] as arrow.Vector).get(i);
        row[c.name] = v === null || v === undefined ? null : (convert[k] as (v: unknown) => unknown)(v);
      });
      rows.push(row);
    }
    yield rows;
  }
}

/** An Arrow table of the given columns and values (column-major, as the types define them). */
export async function toArrowTable(
  columns: readonly Column[],
  values: Record<string, unknown[]>,
): Promise<arrow.Table> {
  const lib = await loadArrow();
  const vectors: Record<string, arrow.Vector> = {};
  for (const { name, type } of columns) {
    const data = values[name] ?? [];
    vectors[name] = lib.vectorFromArray(data.map(toArrow(type)), arrowType(lib, type));
  }
  return new lib.Table(vectors);
}

function columnType(Type: typeof arrow.Type, type: arrow.DataType): ColumnType {
  switch (type.typeId) {
    case Type.Int:
      return (type as arrow.Int).bitWidth === 64 ? 'bigint' : 'integer';
    case Type.Float:
    case Type.Decimal:
      return 'float';
    case Type.Utf8:
    case Type.LargeUtf8:
      return 'text';
    case Type.Bool:
      return 'boolean';
    case Type.Timestamp:
    case Type.Date:
      return 'timestamp';
    case Type.Dictionary:
      return columnType(Type, (type as arrow.Dictionary).dictionary);
    default:
      return 'json';
  }
}

function fromArrow(type: ColumnType): (v: unknown) => unknown {
  switch (type) {
    case 'integer':
    case 'float':
      return Number;
    case 'bigint':
      return (v) => BigInt(v as bigint);
    case 'timestamp':
      return (v) => (v instanceof Date ? v : new Date(Number(v)));
    case 'json':
      return (v) => JSON.parse(JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? Number(x) : x)));
    default:
      return (v) => v;
  }
}

function toArrow(type: ColumnType): (v: unknown) => unknown {
  const nullable = (f: (v: never) => unknown) => (v: unknown) => (v === null ? null : f(v as never));
  switch (type) {
    case 'integer':
    case 'bigint':
      return nullable((v: number | bigint) => BigInt(v));
    case 'timestamp':
      return nullable((v: Date) => v.getTime());
    case 'json':
      return nullable((v: unknown) => JSON.stringify(v));
    default:
      return (v) => v;
  }
}

/** The Arrow type a column of `type` is written as. */
export function arrowType(lib: typeof arrow, type: ColumnType): arrow.DataType {
  switch (type) {
    case 'integer':
    case 'bigint':
      return new lib.Int64();
    case 'float':
      return new lib.Float64();
    case 'boolean':
      return new lib.Bool();
    case 'timestamp':
      return new lib.TimestampMillisecond('UTC');
    default:
      return new lib.Utf8();
  }
}
