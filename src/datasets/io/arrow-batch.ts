import type * as arrow from 'apache-arrow';
import { arrowType } from '../arrow.js';
import type { Column, ColumnType, Row } from '../types.js';

type ArrowLib = typeof arrow;

/** The Arrow type of each column type: integers Int64, timestamps UTC milliseconds, json its JSON text. */
export function arrowSchema(lib: ArrowLib, columns: readonly Column[]): arrow.Schema {
  return new lib.Schema(columns.map((column) => new lib.Field(column.name, arrowType(lib, column.type), true)));
}

/**
 * One record batch of `rows` (values typed as the columns say, as a query returns them), its
 * buffers filled directly: no per-value builder, no BigInt per integer.
 */
export function arrowBatch(lib: ArrowLib, schema: arrow.Schema, columns: readonly Column[], rows: readonly Row[]) {
  const children = columns.map((column, index) => {
    const values = rows.map((row) => row[column.name]);
    const type = (schema.fields[index] as arrow.Field).type;
    return columnData(lib, type, column.type, values);
  });
  const data = lib.makeData({ type: new lib.Struct(schema.fields), length: rows.length, nullCount: 0, children });
  return new lib.RecordBatch(schema, data);
}

function columnData(lib: ArrowLib, type: arrow.DataType, columnType: ColumnType, values: readonly unknown[]) {
  const length = values.length;
  const validity = new Uint8Array(Math.ceil(length / 8));
  let nullCount = 0;
  const present = (i: number, value: unknown): boolean => {
    if (value === null || value === undefined) {
      nullCount++;
      return false;
    }
    (validity as Uint8Array)[i >> 3] = ((validity as Uint8Array)[i >> 3] as number) | (1 << (i & 7));
    return true;
  };
  switch (columnType) {
    case 'integer':
    case 'timestamp': {
      // Int64 as two 32-bit words (little-endian): exact for every safe integer, no BigInt per value
      const words = new Int32Array(length * 2);
      for (let i = 0; i < length; i++) {
        const value = values[i];
        if (!present(i, value)) continue;
        const n = columnType === 'timestamp' ? (value as Date).getTime() : (value as number);
        const high = Math.floor(n / 4294967296);
        words[2 * i] = n - high * 4294967296;
        words[2 * i + 1] = high;
      }
      const data = new BigInt64Array(words.buffer);
      return lib.makeData({ type: type as arrow.Int64, length, nullCount, nullBitmap: validity, data });
    }
    case 'bigint': {
      const data = new BigInt64Array(length);
      for (let i = 0; i < length; i++) if (present(i, values[i])) data[i] = BigInt(values[i] as bigint | number);
      return lib.makeData({ type: type as arrow.Int64, length, nullCount, nullBitmap: validity, data });
    }
    case 'float': {
      const data = new Float64Array(length);
      for (let i = 0; i < length; i++) if (present(i, values[i])) data[i] = values[i] as number;
      return lib.makeData({ type: type as arrow.Float64, length, nullCount, nullBitmap: validity, data });
    }
    case 'boolean': {
      const data = new Uint8Array(Math.ceil(length / 8));
      for (let i = 0; i < length; i++) {
        if (present(i, values[i]) && values[i] === true) data[i >> 3] = (data[i >> 3] as number) | (1 << (i & 7));
      }
      return lib.makeData({ type: type as arrow.Bool, length, nullCount, nullBitmap: validity, data });
    }
    default: {
      const texts = values.map((value, i) =>
        present(i, value) ? (columnType === 'json' ? JSON.stringify(value) : (value as string)) : '',
      );
      const joined = texts.join('');
      const data = Buffer.from(joined, 'utf8');
      const valueOffsets = new Int32Array(length + 1);
      // ASCII: a text's bytes are its characters; otherwise each text's UTF-8 length is counted
      const ascii = data.length === joined.length;
      for (let i = 0; i < length; i++) {
        const text = texts[i] as string;
        valueOffsets[i + 1] = (valueOffsets[i] as number) + (ascii ? text.length : Buffer.byteLength(text, 'utf8'));
      }
      return lib.makeData({ type: type as arrow.Utf8, length, nullCount, nullBitmap: validity, valueOffsets, data });
    }
  }
}
