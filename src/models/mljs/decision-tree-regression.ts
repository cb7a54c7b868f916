import { familyCodec } from './codec.js';
import { treeParts } from './decision-tree.js';
import type { MljsFamily } from './family.js';
import { mlCart } from './load.js';
import { hasShape } from './shape.js';
import type { DecisionTree } from './types.js';

/** ml-cart's DecisionTreeRegression. */
export const decisionTreeRegressionFamily: MljsFamily<DecisionTree> = {
  kind: 'mljs.decision-tree-regression',
  className: 'DecisionTreeRegression',
  target: 'numeric',
  input: 'rows',
  is: (obj): obj is DecisionTree => hasShape(obj, 'DecisionTreeRegression', ['name', 'DTRegression']),
  ...treeParts(() => mlCart.exports.DecisionTreeRegression),
};

export const decisionTreeRegressionCodec = familyCodec(decisionTreeRegressionFamily);
