import { familyCodec } from './codec.js';
import type { MljsFamily } from './family.js';
import { mlRandomForest } from './load.js';
import { forestParts } from './random-forest.js';
import { hasShape } from './shape.js';
import { range, treeClassCount } from './trees.js';
import type { RandomForest } from './types.js';

/** Per row, the share of estimators voting for each class (labels 0..count-1). */
function voteShares(forest: RandomForest, X: number[][], count: number): number[][] {
  const votes = forest.predictionValues(X);
  const shares: number[][] = [];
  for (let i = 0; i < votes.rows; i++) {
    const row = new Array<number>(count).fill(0);
    for (let j = 0; j < votes.columns; j++) {
      const vote = votes.get(i, j);
      if (vote >= 0 && vote < count) row[vote] = (row[vote] ?? 0) + 1;
    }
    shares.push(row.map((n) => n / votes.columns));
  }
  return shares;
}

/**
 * ml-random-forest's RandomForestClassifier. Labels 0..k-1 only (omegats maps other labels).
 * Class probabilities are the estimators' vote shares, computed from `predictionValues` in one
 * pass (the library's `predictProbability` takes one label per call and miscounts the first vote).
 */
export const randomForestClassifierFamily: MljsFamily<RandomForest> = {
  kind: 'mljs.random-forest-classifier',
  className: 'RandomForestClassifier',
  target: 'indexed',
  input: 'rows',
  is: (obj): obj is RandomForest => hasShape(obj, 'RandomForestClassifier', ['name', 'RFClassifier']),
  ...forestParts(() => mlRandomForest.exports.RandomForestClassifier),
  classes(forest) {
    let count = 0;
    for (const tree of forest.estimators ?? []) count = Math.max(count, treeClassCount(tree?.root));
    return count > 0 ? range(count) : undefined;
  },
  predictProba: (forest, X, classes) => voteShares(forest, X, classes.length),
};

export const randomForestClassifierCodec = familyCodec(randomForestClassifierFamily);
