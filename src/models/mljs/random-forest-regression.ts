import { familyCodec } from './codec.js';
import type { MljsFamily } from './family.js';
import { mlRandomForest } from './load.js';
import { forestParts } from './random-forest.js';
import { hasShape } from './shape.js';
import type { RandomForest } from './types.js';

/** ml-random-forest's RandomForestRegression. */
export const randomForestRegressionFamily: MljsFamily<RandomForest> = {
  kind: 'mljs.random-forest-regression',
  className: 'RandomForestRegression',
  target: 'numeric',
  input: 'rows',
  is: (obj): obj is RandomForest => hasShape(obj, 'RandomForestRegression', ['name', 'RFRegression']),
  ...forestParts(() => mlRandomForest.exports.RandomForestRegression),
};

export const randomForestRegressionCodec = familyCodec(randomForestRegressionFamily);
