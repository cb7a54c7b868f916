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
 * are CommonJS: `import` and `require` share one instance, hence one set of classes.
 */
export class LazyPackage<T> {
  #exports: T | undefined;
  #path: string | undefined;

  constructor(readonly name: string) {}

  /** The package's exports, typed by hand in types.ts. */
  get exports(): T {
    this.#exports ??= require(this.name) as T;
    return this.#exports;
  }

  /** Whether anyone (omegats or its caller) has loaded the package yet. */
  get loaded(): boolean {
    if (this.#exports !== undefined) return true;
    this.#path ??= require.resolve(this.name);
    return this.#path in require.cache;
  }

  /**
   * `obj instanceof` one of the package's classes. While nobody has loaded the package no object
   * can be an instance of its classes, so the answer is no without loading it.
   */
  holds(obj: unknown, pick: (exports: T) => abstract new (...args: never[]) => unknown): boolean {
    return typeof obj === 'object' && obj !== null && this.loaded && obj instanceof pick(this.exports);
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
