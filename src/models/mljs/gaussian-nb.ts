import { familyCodec } from './codec.js';
import type { MljsFamily } from './family.js';
import { mlNaiveBayes } from './load.js';
import { hasShape } from './shape.js';
import { range } from './trees.js';
import type { GaussianNB, GaussianNBJSON } from './types.js';

/** Per class, the log prior then per feature `[log(1 / (√(2π)·σ)), -2σ²]`, read once per call. */
function logTerms(nb: GaussianNB): { prior: number; features: [number, number][] }[] {
  return (nb.calculateProbabilities ?? []).map(([prior, ...terms]) => ({
    prior,
    features: terms.map(([scale, negTwoVariance]) => [Math.log(scale), negTwoVariance]),
  }));
}

/**
 * Per class, log prior + Σ log N(x | mean, σ) over every feature. A class with a feature of zero
 * variance gets NaN (as in the library, which warns against such data) and is then never chosen.
 */
function logJoints(nb: GaussianNB, terms: ReturnType<typeof logTerms>, row: readonly number[]): number[] {
  const means = nb.means ?? [];
  return terms.map(({ prior, features }, c) => {
    const mean = means[c] ?? [];
    let sum = prior;
    for (let j = 0; j < features.length; j++) {
      const [logScale = Number.NaN, negTwoVariance = Number.NaN] = features[j] ?? [];
      const d = (row[j] ?? Number.NaN) - (mean[j] ?? Number.NaN);
      sum += logScale + (d * d) / negTwoVariance;
    }
    return Number.isNaN(sum) ? Number.NEGATIVE_INFINITY : sum;
  });
}

function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? -Infinity) > (values[best] ?? -Infinity)) best = i;
  return best;
}

/** Per row, the most likely class. */
function predict(nb: GaussianNB, X: number[][]): number[] {
  const terms = logTerms(nb);
  return X.map((row) => argmax(logJoints(nb, terms, row)));
}

/** Per row, the posterior of each class (softmax of the log joints). */
function posteriors(nb: GaussianNB, X: number[][]): number[][] {
  const terms = logTerms(nb);
  return X.map((row) => {
    const logs = logJoints(nb, terms, row);
    const top = Math.max(...logs);
    if (top === Number.NEGATIVE_INFINITY) return logs.map(() => 1 / logs.length);
    const weights = logs.map((value) => Math.exp(value - top));
    const total = weights.reduce((sum, w) => sum + w, 0);
    return weights.map((w) => w / total);
  });
}

/**
 * ml-naivebayes' GaussianNB. Labels 0..k-1 only (omegats maps other labels); it has no options.
 *
 * Predictions do not come from `GaussianNB.predict`, which in ml-naivebayes 4.0 reads only the
 * first two features (its loop bound is `classes[0][1].length`, the length of one feature's
 * [scale, variance] pair), answers -1 when every class probability underflows, and throws when X
 * has exactly features + 1 rows. They are the argmax of the Gaussian posterior over all features,
 * computed in log space from the model's own means and variances; predictProba is that posterior.
 */
export const gaussianNBFamily: MljsFamily<GaussianNB> = {
  kind: 'mljs.gaussian-nb',
  className: 'GaussianNB',
  target: 'indexed',
  input: 'rows',
  is: (obj): obj is GaussianNB => hasShape(obj, 'GaussianNB', ['modelName', 'NaiveBayes']),
  isFitted: (nb) =>
    Array.isArray(nb.means) &&
    Array.isArray(nb.calculateProbabilities) &&
    nb.means.length > 0 &&
    nb.means.length === nb.calculateProbabilities.length,
  state: (nb) => nb.means,
  features: (nb) => nb.means?.[0]?.length,
  classes: (nb) => (nb.means === undefined ? undefined : range(nb.means.length)),
  options: () => undefined,
  toModel: (nb) => nb.toJSON(),
  create: () => new mlNaiveBayes.exports.GaussianNB(),
  load: (model) => mlNaiveBayes.exports.GaussianNB.load(model as unknown as GaussianNBJSON),
  fit: (nb, X, y) => nb.train(X, y),
  predict,
  predictProba: (nb, X) => posteriors(nb, X),
};

export const gaussianNBCodec = familyCodec(gaussianNBFamily);
