import { ValidationError } from '../../errors.js';
import { checkWellFormed, RESERVED_KEYS } from '../../store/names.js';
import type { Column } from '../types.js';

/** PostgreSQL allows 1,600 columns in a table; one is `_row`. Both engines take the same width. */
export const MAX_COLUMNS = 1599;

/** The one check of a new table's columns, whatever the input: some, not too many, names it can store. */
export function checkTableColumns(columns: readonly Column[]): void {
  if (columns.length === 0) throw new ValidationError('rows have no columns: a table needs at least one');
  if (columns.length > MAX_COLUMNS) {
    throw new ValidationError(
      `rows have ${columns.length} columns; a table holds at most ${MAX_COLUMNS} (PostgreSQL's limit of 1,600, one used for the row number)`,
    );
  }
  for (const { name } of columns) {
    if (RESERVED_KEYS.has(name)) throw new ValidationError(`${JSON.stringify(name)} cannot be a column name`);
    checkWellFormed(name, 'column name');
  }
}
