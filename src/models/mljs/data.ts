import { ValidationError } from '../../errors.js';
import type { Label } from './types.js';

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number') return String(value);
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}

/**
 * Checks that X is a non-empty array whose first row is a non-empty array as wide as the model
 * expects (`model expects 4 features, got 3`) or, when the model only bounds it, at least that
 * wide. Returns the width; checkRows (or a family that checks as it predicts) sees to the rest.
 */
export function checkShape(X: unknown, expected?: number, atLeast?: number): number {
  if (!Array.isArray(X) || X.length === 0) throw new ValidationError('X must be a non-empty array of rows of numbers');
  const first: unknown = X[0];
  if (!Array.isArray(first) || first.length === 0) {
    throw new ValidationError(`X row 0 is ${show(first)}, not a non-empty array of numbers`);
  }
  const width = first.length;
  if (expected !== undefined && width !== expected) {
    throw new ValidationError(`model expects ${expected} features, got ${width}`);
  }
  if (atLeast !== undefined && width < atLeast) {
    throw new ValidationError(`model expects at least ${atLeast} features, got ${width}`);
  }
  return width;
}

/** The error for a row that is not an array of `width` values. */
export function badRow(r: number, row: unknown, width: number): ValidationError {
  if (!Array.isArray(row)) return new ValidationError(`X row ${r} is ${show(row)}, not an array of numbers`);
  return new ValidationError(`X row ${r} has ${row.length} values, row 0 has ${width}`);
}

/** The error for a value that is not a finite number. */
export function badValue(r: number, c: number, value: unknown): ValidationError {
  return new ValidationError(`X[${r}][${c}] is ${show(value)}, not a finite number`);
}

/**
 * Checks X (see checkShape) and that every row is an array of finite numbers as wide as the
 * first. Nothing is copied. Returns the feature count.
 */
export function checkRows(X: unknown, expected?: number, atLeast?: number): number {
  const width = checkShape(X, expected, atLeast);
  const rows = X as unknown[];
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (!Array.isArray(row) || row.length !== width) throw badRow(r, row, width);
    for (let c = 0; c < width; c++) {
      const value: unknown = row[c];
      if (typeof value !== 'number' || !Number.isFinite(value)) throw badValue(r, c, value);
    }
  }
  return width;
}

function checkLength(Y: unknown, rows: number): unknown[] {
  if (!Array.isArray(Y)) throw new ValidationError('Y must be an array with one target per row of X');
  if (Y.length !== rows) throw new ValidationError(`Y has ${Y.length} targets for ${rows} rows of X`);
  return Y;
}

/** Class labels: finite numbers or strings, one per row. */
export function checkLabels(Y: unknown, rows: number): Label[] {
  const labels = checkLength(Y, rows);
  labels.forEach((y, i) => {
    if (typeof y !== 'string' && !Number.isFinite(y)) {
      throw new ValidationError(`Y[${i}] is ${show(y)}, not a class label (a number or a string)`);
    }
  });
  return labels as Label[];
}

/** Regression targets: finite numbers (numeric strings are read as numbers), one per row. */
export function checkTargets(Y: unknown, rows: number): number[] {
  return checkLength(Y, rows).map((y, i) => {
    const value = typeof y === 'string' && y.trim() !== '' ? Number(y) : y;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValidationError(`Y[${i}] is ${show(y)}, not a number`);
    }
    return value;
  });
}

/** Distinct labels in a stable order: numbers ascending, then strings in code-unit order. */
export function sortLabels(labels: Iterable<Label>): Label[] {
  return [...new Set(labels)].sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'number') return -1;
    if (typeof b === 'number') return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
