import { ValidationError } from '../errors.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * X as rows of feature values, from what a dataset or a literal holds: rows of arrays as they
 * are, table rows (objects) in column order, a flat list of numbers as one feature. The
 * estimator checks the values themselves.
 */
export function featureRows(value: unknown, what: string): unknown[][] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(`${what} must hold a non-empty list of rows`);
  }
  const first: unknown = value[0];
  if (Array.isArray(first)) return value as unknown[][];
  if (isRecord(first)) {
    const columns = Object.keys(first);
    return value.map((row: unknown, r) => {
      if (!isRecord(row)) throw new ValidationError(`${what} row ${r} is not a row like row 0`);
      return columns.map((column) => row[column]);
    });
  }
  return value.map((x: unknown) => [x]);
}

/**
 * Y as one target per row: a flat list, one-column rows (`[[y], …]` or `[{ species: y }, …]`).
 * Several columns are an error that says how to pick one (`name[column]`).
 */
export function targetValues(value: unknown, what: string): (number | string)[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ValidationError(`${what} must hold a non-empty list of targets`);
  }
  return value.map((row: unknown, r) => {
    const cells = Array.isArray(row) ? row : isRecord(row) ? Object.values(row) : [row];
    if (cells.length !== 1) {
      const columns = isRecord(row) ? ` (${Object.keys(row).join(', ')})` : '';
      throw new ValidationError(
        `${what} row ${r} has ${cells.length} values${columns}; give one column, e.g. name[column]`,
      );
    }
    const target = cells[0];
    if (typeof target !== 'number' && typeof target !== 'string') {
      throw new ValidationError(
        `${what} row ${r} is ${JSON.stringify(target) ?? typeof target}, not a number or a string`,
      );
    }
    return target;
  });
}

/** Rows to store a result as a table: `{ y }` per value, or `{ y0, y1, … }` per row of values. */
export function resultRows(values: readonly unknown[]): Record<string, unknown>[] {
  return values.map((value) =>
    Array.isArray(value) ? Object.fromEntries(value.map((v: unknown, i) => [`y${i}`, v])) : { y: value },
  );
}
