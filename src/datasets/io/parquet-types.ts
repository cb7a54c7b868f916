import type { FileMetaData, SchemaElement, SchemaTree } from 'hyparquet';
import { COLUMN_TYPES, type Column, type ColumnType } from '../types.js';

/** The key-value metadata entry holding omegats' column types, so files it writes read back exactly. */
export const COLUMNS_KEY = 'omegats.columns';

type ElementType = Omit<SchemaElement, 'name' | 'repetition_type'>;

/** How each column type is written: every column is nullable. */
export const PARQUET_TYPES: Readonly<Record<ColumnType, ElementType>> = {
  integer: { type: 'INT64' },
  bigint: { type: 'INT64' },
  float: { type: 'DOUBLE' },
  text: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  boolean: { type: 'BOOLEAN' },
  timestamp: {
    type: 'INT64',
    converted_type: 'TIMESTAMP_MILLIS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
  },
  json: { type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } },
};

/**
 * The column type of each top-level column of a Parquet file, or null where omegats cannot read
 * it: the types omegats wrote, else mapped from the schema (INT64 is bigint when the footer's
 * statistics do not show every value to be a safe integer).
 */
export function parquetColumnTypes(metadata: FileMetaData, schema: SchemaTree): (ColumnType | null)[] {
  const names = schema.children.map((child) => child.element.name);
  const written = writtenColumns(metadata);
  if (written?.length === names.length && written.every((column, index) => column.name === names[index])) {
    return written.map((column) => column.type);
  }
  return schema.children.map((child) => {
    const type = mappedType(child);
    return type === 'integer' && child.element.type === 'INT64' && !safeInt64(metadata, child.element.name)
      ? 'bigint'
      : type;
  });
}

function writtenColumns(metadata: FileMetaData): Column[] | undefined {
  const value = metadata.key_value_metadata?.find((entry) => entry.key === COLUMNS_KEY)?.value;
  try {
    const columns: unknown = JSON.parse(value ?? 'null');
    const valid =
      Array.isArray(columns) &&
      columns.every((column: Column) => typeof column?.name === 'string' && COLUMN_TYPES.includes(column.type));
    return valid ? (columns as Column[]) : undefined;
  } catch {
    return undefined;
  }
}

function mappedType({ element, children }: SchemaTree): ColumnType | null {
  // structs, lists, maps and variants are assembled into JS values
  if (children.length > 0 || element.repetition_type === 'REPEATED') return 'json';
  const { type, converted_type: converted, logical_type: logical } = element;
  if (converted === 'BSON' || converted === 'INTERVAL' || logical?.type === 'BSON') return null;
  if (type === 'INT96' || converted === 'DATE' || converted?.startsWith('TIMESTAMP')) return 'timestamp';
  if (logical?.type === 'DATE' || logical?.type === 'TIMESTAMP') return 'timestamp';
  if (converted === 'DECIMAL' || logical?.type === 'FLOAT16' || type === 'FLOAT' || type === 'DOUBLE') return 'float';
  if (converted === 'JSON' || logical?.type === 'GEOMETRY' || logical?.type === 'GEOGRAPHY') return 'json';
  if (type === 'BOOLEAN') return 'boolean';
  if (type === 'INT32' || type === 'INT64') return 'integer';
  if (type === 'BYTE_ARRAY' || logical?.type === 'UUID') return 'text';
  return null;
}

/** Whether every row group's statistics show column `name`'s values to be safe integers (or null). */
function safeInt64(metadata: FileMetaData, name: string): boolean {
  return metadata.row_groups.every((group) => {
    const chunk = group.columns.find((candidate) => candidate.meta_data?.path_in_schema.join('.') === name);
    const stats = chunk?.meta_data?.statistics;
    if (stats?.null_count === group.num_rows) return true;
    const [min, max] = [stats?.min_value ?? stats?.min, stats?.max_value ?? stats?.max];
    return (
      typeof min === 'bigint' &&
      typeof max === 'bigint' &&
      min >= BigInt(Number.MIN_SAFE_INTEGER) &&
      max <= BigInt(Number.MAX_SAFE_INTEGER)
    );
  });
}
