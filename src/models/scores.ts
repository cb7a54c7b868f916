/** Share of predicted labels equal to the targets (labels compare as strings: 1 equals '1'). */
export function accuracy(predicted: readonly (number | string)[], Y: readonly (number | string)[]): number {
  if (Y.length === 0) return 0;
  const hits = Y.filter((y, i) => String(predicted[i]) === String(y)).length;
  return hits / Y.length;
}

/** Coefficient of determination; like scikit-learn, 1 for a perfect fit of constant targets, else 0. */
export function rSquared(predicted: readonly number[], Y: readonly number[]): number {
  const mean = Y.reduce((sum, y) => sum + y, 0) / Y.length;
  let residual = 0;
  let total = 0;
  Y.forEach((y, i) => {
    residual += (y - (predicted[i] ?? Number.NaN)) ** 2;
    total += (y - mean) ** 2;
  });
  if (total === 0) return residual === 0 ? 1 : 0;
  return 1 - residual / total;
}
