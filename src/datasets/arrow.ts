import * as arrow from 'apache-arrow';
import type { Column, ColumnType, Row } from './types.js';

/** Arrow tables are recognised by shape, so a table from another copy of apache-arrow works too. */
export function isArrowTable(obj: unknown): obj is arrow.Table {
  if (obj instanceof arrow.Table) return true;
  const t = obj as Partial<arrow.Table> | null;
  return typeof t === 'object' && t !== null && typeof t.getChild === 'function' && Array.isArray(t.schema?.fields);
}

/** The column types of an Arrow table; 64-bit integers are `bigint` only when a value needs it. */
export function arrowColumns(table: arrow.Table): Column[] {
  return table.schema.fields.map((field) => {
    const type = columnType(field.type);
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
export function toArrowTable(columns: readonly Column[], values: Record<string, unknown[]>): arrow.Table {
  const vectors: Record<string, arrow.Vector> = {};
  for (const { name, type } of columns) {
    const data = values[name] ?? [];
    vectors[name] = arrow.vectorFromArray(data.map(toArrow(type)), arrowType(type));
  }
  return new arrow.Table(vectors);
}

function columnType(type: arrow.DataType): ColumnType {
  switch (type.typeId) {
    case arrow.Type.Int:
      return (type as arrow.Int).bitWidth === 64 ? 'bigint' : 'integer';
    case arrow.Type.Float:
    case arrow.Type.Decimal:
      return 'float';
    case arrow.Type.Utf8:
    case arrow.Type.LargeUtf8:
      return 'text';
    case arrow.Type.Bool:
      return 'boolean';
    case arrow.Type.Timestamp:
    case arrow.Type.Date:
      return 'timestamp';
    case arrow.Type.Dictionary:
      return columnType((type as arrow.Dictionary).dictionary);
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

function arrowType(type: ColumnType): arrow.DataType {
  switch (type) {
    case 'integer':
    case 'bigint':
      return new arrow.Int64();
    case 'float':
      return new arrow.Float64();
    case 'boolean':
      return new arrow.Bool();
    case 'timestamp':
      return new arrow.TimestampMillisecond('UTC');
    default:
      return new arrow.Utf8();
  }
}
