import type { Decoder } from '../storage/tables/table-dialect.js';
import type { RawRows } from '../storage/tables/table-driver.js';
import type { ColumnType, Row } from './types.js';

/** An output column: the key it gets in a row and how to read the driver's value. */
export interface OutputColumn {
  readonly name: string;
  readonly type: ColumnType;
}

/** Turns driver rows (arrays) into row objects or column arrays, decoding each value by its type. */
export class RowDecoder {
  private readonly names: string[];
  private readonly decoders: (Decoder | null)[];

  constructor(tables: { decoder(type: ColumnType): Decoder | null }, columns: readonly OutputColumn[]) {
    this.names = columns.map((c) => c.name);
    this.decoders = columns.map((c) => tables.decoder(c.type));
  }

  rows(raw: RawRows): Row[] {
    const { names, decoders } = this;
    const width = names.length;
    const out: Row[] = new Array(raw.length);
    for (let r = 0; r < raw.length; r++) {
      const values = raw[r] as unknown[];
      const row: Row = {};
      for (let c = 0; c < width; c++) {
        const decode = decoders[c];
        const value = decode ? decode(values[c]) : values[c];
        // tables stored before `__proto__` was refused: an own key, never the row's prototype
        if (names[c] === '__proto__') Object.defineProperty(row, '__proto__', { value, enumerable: true });
        else row[names[c] as string] = value;
      }
      out[r] = row;
    }
    return out;
  }

  columns(raw: RawRows): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    this.names.forEach((name, c) => {
      const decode = this.decoders[c];
      out[name] = raw.map((values) => (decode ? decode(values[c]) : values[c]));
    });
    return out;
  }
}
