import { ValidationError } from '../../errors.js';
import { familyCodec } from './codec.js';
import { sortLabels } from './data.js';
import type { MljsFamily } from './family.js';
import type { JsonObject } from './json.js';
import { mlKnn } from './load.js';
import { hasShape } from './shape.js';
import type { KNN, KNNJSON, KNNOptions, Label } from './types.js';

function checkK(k: unknown): number | undefined {
  if (k === undefined || k === null) return undefined;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    throw new ValidationError(`KNN k must be a positive integer, not ${JSON.stringify(k)}`);
  }
  return k;
}

/**
 * An untrained KNN. ml-knn has no such state (its constructor trains), so this is a bare KNN
 * instance holding only `k` (undefined: the library's default, number of classes + 1); fitting it
 * through `estimatorFor` trains it in place.
 */
export function untrainedKNN(options: KNNOptions = {}): KNN {
  const knn: KNN = Object.create(mlKnn.exports.prototype);
  const k = checkK(options.k);
  if (k !== undefined) knn.k = k;
  return knn;
}

/** Per row, the share of the k nearest neighbours in each class of `classes`. */
function neighbourShares(knn: KNN, X: number[][], classes: readonly Label[]): number[][] {
  const { kdTree } = knn;
  const column = new Map(classes.map((label, i) => [label, i]));
  return X.map((row) => {
    const shares = new Array<number>(classes.length).fill(0);
    const nearest = kdTree?.nearest(row, knn.k ?? 1) ?? [];
    for (const [point] of nearest) {
      const at = column.get(point[point.length - 1] ?? Number.NaN);
      if (at !== undefined) shares[at] = (shares[at] ?? 0) + 1 / nearest.length;
    }
    return shares;
  });
}

/**
 * ml-knn's KNN (euclidean distance only: a custom distance function cannot be stored). It keeps
 * any labels, numbers or strings, as they are. Class probabilities are the neighbours' shares.
 * Refitting keeps the instance's `k`.
 */
export const knnFamily: MljsFamily<KNN, Label> = {
  kind: 'mljs.knn',
  className: 'KNN',
  target: 'native',
  input: 'rows',
  is: (obj): obj is KNN => hasShape(obj, 'KNN', ['name', 'KNN']),
  isFitted: (knn) => knn.kdTree !== undefined,
  state: (knn) => knn.kdTree,
  // The tree's points are the training rows with their label appended.
  features: (knn) => (knn.kdTree === undefined ? undefined : knn.kdTree.dimensions.length - 1),
  classes: (knn) => (knn.classes === undefined ? undefined : sortLabels(knn.classes)),
  options: (knn) => (knn.k === undefined ? {} : { k: knn.k }),
  toModel(knn) {
    if (knn.isEuclidean === false) {
      throw new ValidationError('KNN with a custom distance function cannot be stored (only euclidean KNN can)');
    }
    return knn.toJSON();
  },
  create: (options: JsonObject | undefined) => untrainedKNN({ k: checkK(options?.k) }),
  load: (model) => mlKnn.exports.load(model as unknown as KNNJSON),
  fit(knn, X, y) {
    const k = checkK(knn.k);
    Object.assign(knn, new mlKnn.exports(X, y, k === undefined ? {} : { k }));
  },
  predict: (knn, X) => knn.predict(X),
  predictProba: neighbourShares,
};

export const knnCodec = familyCodec(knnFamily);
