import { createRequire } from 'node:module';
import type {
  ForestClass,
  GaussianNBClass,
  KNNClass,
  LinearRegressionClass,
  LogisticRegressionClass,
  MatrixClass,
  TreeClass,
} from './types.js';

const require = createRequire(import.meta.url);

/**
 * One ml.js package, required on first use so that importing the codecs loads none of them. They
 * are CommonJS: `import` and `require` share one instance, hence one set of classes. Models are
 * recognised by shape (shape.ts), so those of a caller's other copy of a package are stored too;
 * decoding restores them as instances of this copy's classes.
 */
export class LazyPackage<T> {
  #exports: T | undefined;

  constructor(readonly name: string) {}

  /** The package's exports, typed by hand in types.ts. */
  get exports(): T {
    this.#exports ??= require(this.name) as T;
    return this.#exports;
  }
}

export const mlCart = new LazyPackage<{ DecisionTreeClassifier: TreeClass; DecisionTreeRegression: TreeClass }>(
  'ml-cart',
);
export const mlRandomForest = new LazyPackage<{
  RandomForestClassifier: ForestClass;
  RandomForestRegression: ForestClass;
}>('ml-random-forest');
export const mlNaiveBayes = new LazyPackage<{ GaussianNB: GaussianNBClass }>('ml-naivebayes');
export const mlLogisticRegression = new LazyPackage<LogisticRegressionClass>('ml-logistic-regression');
export const mlKnn = new LazyPackage<KNNClass>('ml-knn');
export const mlLinearRegression = new LazyPackage<LinearRegressionClass>('ml-regression-multivariate-linear');
export const mlMatrix = new LazyPackage<{ Matrix: MatrixClass }>('ml-matrix');
