import type { ModelCodec } from '../model-codec.js';
import { decisionTreeClassifierCodec } from './decision-tree-classifier.js';
import { decisionTreeRegressionCodec } from './decision-tree-regression.js';
import { gaussianNBCodec } from './gaussian-nb.js';
import { knnCodec } from './knn.js';
import { linearRegressionCodec } from './linear-regression.js';
import { logisticRegressionCodec } from './logistic-regression.js';
import { randomForestClassifierCodec } from './random-forest-classifier.js';
import { randomForestRegressionCodec } from './random-forest-regression.js';

export { estimatorFor } from './estimator-for.js';
export { untrainedKNN } from './knn.js';
export { untrainedLinearRegression } from './linear-regression.js';

/** The codecs of the ml.js models (kinds `mljs.*`), one per class. */
export const mljsCodecs: readonly ModelCodec[] = [
  randomForestClassifierCodec,
  randomForestRegressionCodec,
  decisionTreeClassifierCodec,
  decisionTreeRegressionCodec,
  gaussianNBCodec,
  logisticRegressionCodec,
  knnCodec,
  linearRegressionCodec,
];
