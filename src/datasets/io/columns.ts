import { ValidationError } from '../../errors.js';
import type { Column } from '../types.js';
import { castValue, INVALID } from '../values/fit-value.js';

/** Checks a file's column names: none empty, none repeated. `where` starts the error message. */
export function checkColumnNames(where: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    if (name.trim() === '') throw new ValidationError(`${where}: column ${index + 1} has no name`);
    // a plain-object row cannot hold it as a key
    if (name === '__proto__') throw new ValidationError(`${where}: "__proto__" cannot be a column name`);
    if (seen.has(name)) throw new ValidationError(`${where}: column "${name}" appears twice`);
    seen.add(name);
  }
}

/** The stored columns (`columns`) in the file's order; a new or a missing column is a ValidationError. */
export function matchColumns(path: string, names: readonly string[], columns: readonly Column[]): Column[] {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const added = names.filter((name) => !byName.has(name));
  if (added.length > 0) {
    throw new ValidationError(
      `${path}: ${quoted(added)} ${added.length > 1 ? 'are' : 'is'} not in the table (${listed(columns)})`,
    );
  }
  const missing = columns.filter((column) => !names.includes(column.name)).map((column) => column.name);
  if (missing.length > 0) {
    throw new ValidationError(`${path}: the table's ${quoted(missing)} ${missing.length > 1 ? 'are' : 'is'} missing`);
  }
  return names.map((name) => byName.get(name) as Column);
}

/**
 * `value` as `column`'s type (see castValue); one that does not fit, or cannot be stored, is a
 * ValidationError starting with `where()` (`path: line 3`).
 */
export function castCell(where: () => string, column: Column, value: unknown): unknown {
  let cast: unknown;
  try {
    cast = castValue(column.type, value);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    throw new ValidationError(`${where()}: column ${JSON.stringify(column.name)}: ${error.message}`);
  }
  if (cast === INVALID) throw invalidValue(where(), column, value);
  return cast;
}

/** `path: line 3: column "amount" is integer, "abc" is not`. */
export function invalidValue(where: string, column: Column, value: unknown): ValidationError {
  return new ValidationError(`${where}: column "${column.name}" is ${column.type}, ${describe(value)} is not`);
}

/** The table's columns for an error message: `its columns: a, b`. */
export function listed(columns: readonly Column[]): string {
  return `its columns: ${columns.map((column) => column.name).join(', ')}`;
}

function quoted(names: readonly string[]): string {
  return `column${names.length > 1 ? 's' : ''} ${names.map((name) => `"${name}"`).join(', ')}`;
}

function describe(value: unknown): string {
  let text: string;
  if (typeof value === 'number' || typeof value === 'bigint') text = String(value);
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'an invalid date' : value.toISOString();
  else text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
