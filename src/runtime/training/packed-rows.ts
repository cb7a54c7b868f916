/** Rows of numbers as one Float64Array, which a thread receives without copying (a transfer). */
export interface PackedRows {
  readonly width: number;
  readonly values: Float64Array<ArrayBuffer>;
}

/**
 * X as sent to a training thread: rows of numbers of one length are packed (cloning a million
 * small arrays would block the event loop for most of a second); anything else goes as it is, so
 * the estimator in the thread reports it exactly as it would here.
 */
export function packRows(X: readonly unknown[][]): PackedRows | unknown[][] {
  const width = X[0]?.length ?? 0;
  if (width === 0) return X as unknown[][];
  const values = new Float64Array(X.length * width);
  for (let r = 0; r < X.length; r++) {
    const row: unknown = X[r];
    if (!Array.isArray(row) || row.length !== width) return X as unknown[][];
    for (let c = 0; c < width; c++) {
      const value = row[c];
      if (typeof value !== 'number') return X as unknown[][];
      values[r * width + c] = value;
    }
  }
  return { width, values };
}

/** The rows `packRows` was given. */
export function unpackRows(X: PackedRows | unknown[][]): number[][] {
  if (Array.isArray(X)) return X as number[][];
  const { width, values } = X;
  return Array.from({ length: values.length / width }, (_, r) =>
    Array.from(values.subarray(r * width, (r + 1) * width)),
  );
}
