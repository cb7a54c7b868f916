import { decisionTreeClassifierFamily } from './decision-tree-classifier.js';
import { decisionTreeRegressionFamily } from './decision-tree-regression.js';
import type { AnyFamily } from './family.js';
import { gaussianNBFamily } from './gaussian-nb.js';
import { knnFamily } from './knn.js';
import { linearRegressionFamily } from './linear-regression.js';
import { logisticRegressionFamily } from './logistic-regression.js';
import { randomForestClassifierFamily } from './random-forest-classifier.js';
import { randomForestRegressionFamily } from './random-forest-regression.js';

/** Every ml.js class omegats stores and drives. */
export const mljsFamilies: readonly AnyFamily[] = [
  randomForestClassifierFamily,
  randomForestRegressionFamily,
  decisionTreeClassifierFamily,
  decisionTreeRegressionFamily,
  gaussianNBFamily,
  logisticRegressionFamily,
  knnFamily,
  linearRegressionFamily,
];
