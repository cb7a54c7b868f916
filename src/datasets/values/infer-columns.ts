import { ValidationError } from '../../errors.js';
import type { Column, Row } from '../types.js';
import { inRow } from './fit-value.js';
import { columnTypeOf, type IsoTexts, kindName, kindOfValue, type ValueKind, widen } from './kinds.js';

/** How messages name the row at `index` of the rows given (default `row <index + 1>`). */
export type RowLabel = (index: number) => string;

const rowNumber: RowLabel = (index) => `row ${index + 1}`;

/**
 * Columns of `rows` in order of first appearance, each typed by all its values (see kinds.ts).
 * A column mixing kinds that do not widen is a ValidationError naming it and both rows.
 * `isoTexts` says what a column of ISO-8601 texts alone is (text for rows put from JavaScript).
 */
export function inferColumns(rows: readonly Row[], label: RowLabel = rowNumber, isoTexts: IsoTexts = 'text'): Column[] {
  const columns = new Map<string, { kind: ValueKind | null; row: number }>();
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    for (const name in row) {
      const value = row[name];
      const seen = columns.get(name);
      if (seen !== undefined && keeps(seen.kind, value)) continue;
      let kind: ValueKind | null;
      try {
        kind = kindOfValue(value);
      } catch (error) {
        throw inRow(error, label(i), name);
      }
      if (!seen) {
        columns.set(name, { kind, row: i });
      } else if (seen.kind === null || seen.kind === 'nan') {
        if (kind !== null) columns.set(name, { kind, row: i });
      } else if (kind !== null && kind !== seen.kind) {
        const wider = widen(seen.kind, kind);
        if (wider === null) {
          throw new ValidationError(
            `column ${JSON.stringify(name)} mixes ${kindName(seen.kind)} (${label(seen.row)}) and ${kindName(kind)} (${label(i)})`,
          );
        }
        seen.kind = wider;
      }
    }
  }
  return [...columns].map(([name, { kind }]) => ({ name, type: columnTypeOf(kind, isoTexts) }));
}

/** Whether `value` leaves a column of `kind` as it is: the common case, told without kindOfValue. */
function keeps(kind: ValueKind | null, value: unknown): boolean {
  switch (typeof value) {
    case 'number':
      return kind === 'float' || (kind === 'integer' && Number.isSafeInteger(value));
    case 'string':
      return kind === 'text'; // an ISO text in a text column is text
    case 'boolean':
      return kind === 'boolean';
    default:
      return false;
  }
}

/** The keys of `rows` in order of first appearance. */
export function columnNames(rows: readonly Row[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name in row) names.add(name);
  return [...names];
}
