import { ValidationError } from '../../errors.js';

/** X checked and flattened row-major, ready for a [rows, features] float tensor. */
export interface FeatureMatrix {
  readonly rows: number;
  readonly features: number;
  readonly values: number[];
}

/**
 * Checks that X is rows of finite numbers of one width, equal to `expected` when the model states
 * it (`model expects 4 features, got 3`).
 */
export function featureMatrix(X: unknown, expected: number | undefined): FeatureMatrix {
  if (!Array.isArray(X)) throw new ValidationError('X must be an array of rows of numbers');
  const first: unknown = X[0];
  const features = Array.isArray(first) ? first.length : (expected ?? 0);
  if (expected !== undefined && features !== expected) {
    throw new ValidationError(`model expects ${expected} features, got ${features}`);
  }
  const values: number[] = [];
  X.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw new ValidationError(`X row ${r} is not an array`);
    if (row.length !== features) {
      throw new ValidationError(`X row ${r} has ${row.length} values, row 0 has ${features}`);
    }
    for (const value of row) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ValidationError(`X row ${r} holds ${JSON.stringify(value)}, not a finite number`);
      }
      values.push(value);
    }
  });
  return { rows: X.length, features, values };
}

/** Y has one target per row of X. */
export function checkTargets(Y: unknown, rows: number): readonly (number | string)[] {
  if (!Array.isArray(Y)) throw new ValidationError('Y must be an array with one target per row');
  if (Y.length !== rows) throw new ValidationError(`Y has ${Y.length} targets for ${rows} rows of X`);
  return Y as (number | string)[];
}

/** Numeric targets for regression scores and fits. */
export function numericTargets(Y: readonly (number | string)[]): number[] {
  return Y.map((y, i) => {
    const value = typeof y === 'number' ? y : Number(y);
    if (!Number.isFinite(value)) throw new ValidationError(`Y[${i}] is ${JSON.stringify(y)}, not a number`);
    return value;
  });
}
