import { familyCodec } from './codec.js';
import { treeParts } from './decision-tree.js';
import type { MljsFamily } from './family.js';
import { mlCart } from './load.js';
import { hasShape } from './shape.js';
import { leafShares, range, treeClassCount } from './trees.js';
import type { DecisionTree } from './types.js';

/**
 * ml-cart's DecisionTreeClassifier. It takes labels 0..k-1 only (omegats maps other labels).
 * Class probabilities are the shares of the training rows in the leaf a row falls in.
 */
export const decisionTreeClassifierFamily: MljsFamily<DecisionTree> = {
  kind: 'mljs.decision-tree-classifier',
  className: 'DecisionTreeClassifier',
  target: 'indexed',
  input: 'rows',
  is: (obj): obj is DecisionTree => hasShape(obj, 'DecisionTreeClassifier', ['name', 'DTClassifier']),
  ...treeParts(() => mlCart.exports.DecisionTreeClassifier),
  classes(tree) {
    const count = treeClassCount(tree.root);
    return count > 0 ? range(count) : undefined;
  },
  predictProba: (tree, X, classes) => (tree.root === undefined ? [] : leafShares(tree.root, X, classes.length)),
};

export const decisionTreeClassifierCodec = familyCodec(decisionTreeClassifierFamily);
