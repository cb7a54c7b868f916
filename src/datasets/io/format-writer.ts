import type { Output } from '../../util/output.js';
import type { Column, Row } from '../types.js';
import { castCell } from './columns.js';

/** A format's writer: writes every chunk to `output` and returns the number of rows. */
export type FormatWriter = (
  chunks: AsyncIterable<Row[]>,
  columns: readonly Column[],
  output: Output,
) => Promise<number>;

/** `value` as `column`'s type (ColumnType contract); one that does not fit is a ValidationError naming `row`. */
export function typedValue(column: Column, value: unknown, row: number): unknown {
  return castCell(() => `row ${row}`, column, value);
}
