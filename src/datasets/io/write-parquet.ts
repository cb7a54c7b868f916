import type { SchemaElement } from 'hyparquet';
import { ByteWriter, type ColumnSource, ParquetWriter } from 'hyparquet-writer';
import type { Output } from '../../util/output.js';
import type { Column, Row } from '../types.js';
import { typedValue } from './format-writer.js';
import { COLUMNS_KEY, PARQUET_TYPES } from './parquet-types.js';

// A row group is written once this many rows, or about this many bytes, are buffered.
const GROUP_ROWS = 65_536;
const GROUP_BYTES = 64 * 1024 * 1024;

/** hyparquet-writer's output, handed to `output` after every row group (the writer flushes then). */
class OutputWriter extends ByteWriter {
  constructor(private readonly output: Output) {
    super(1024 * 1024);
  }

  flush(): Promise<void> {
    const bytes = this.getBytes().slice();
    this.index = 0;
    return this.output.write(bytes);
  }

  override finish(): Promise<void> {
    return this.flush();
  }
}

/**
 * Parquet, buffering rows into row groups: integer and bigint → INT64, float → DOUBLE, text →
 * STRING, boolean, timestamp → TIMESTAMP (millis, UTC), json → JSON. The column types are also
 * stored in the footer's key-value metadata, so the file reads back with the same types.
 */
export const writeParquet = async (
  chunks: AsyncIterable<Row[]>,
  columns: readonly Column[],
  output: Output,
  /** Rows per row group at most: a reader holds one group at a time (archives write smaller ones). */
  groupRows = GROUP_ROWS,
): Promise<number> => {
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((column) => ({
      name: column.name,
      repetition_type: 'OPTIONAL' as const,
      ...PARQUET_TYPES[column.type],
    })),
  ];
  const writer = new ParquetWriter({
    writer: new OutputWriter(output),
    schema,
    kvMetadata: [{ key: COLUMNS_KEY, value: JSON.stringify(columns.map(({ name, type }) => ({ name, type }))) }],
    createdBy: 'omegats',
  });
  let buffered: Row[] = [];
  let bytes = 0;
  let rows = 0;
  const writeGroup = async () => {
    const columnData = columns.map((column) => columnSource(column, buffered, rows - buffered.length));
    await writer.write({ columnData, rowGroupSize: buffered.length });
    buffered = [];
    bytes = 0;
  };
  for await (const chunk of chunks) {
    for (const row of chunk) {
      buffered.push(row);
      bytes += approximateBytes(row);
    }
    rows += chunk.length;
    if (buffered.length >= groupRows || bytes >= GROUP_BYTES) await writeGroup();
  }
  if (buffered.length > 0) await writeGroup();
  await writer.finish();
  return rows;
};

/** One column of `rows` (the first is row `first + 1`), as hyparquet-writer takes it. */
function columnSource(column: Column, rows: readonly Row[], first: number): ColumnSource {
  const int64 = column.type === 'integer' || column.type === 'bigint';
  const data = rows.map((row, index) => {
    const value = typedValue(column, row[column.name], first + index + 1);
    return int64 && value !== null ? BigInt(value as number | bigint) : value;
  });
  return { name: column.name, data };
}

function approximateBytes(row: Row): number {
  let bytes = 0;
  for (const value of Object.values(row)) bytes += typeof value === 'string' ? value.length : 8;
  return bytes;
}
