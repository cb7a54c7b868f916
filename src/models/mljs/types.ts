/**
 * The (narrow) types omegats relies on for the ml.js classes it drives. The packages ship no types
 * or wrong ones (ml-random-forest's), so each class is typed here by hand from its source
 * (ml-random-forest 2.1, ml-cart 2.1, ml-naivebayes 4.0, ml-logistic-regression 2.0, ml-knn 3.0,
 * ml-regression-multivariate-linear 2.0). Types only: load.ts loads the packages.
 */
import type { Matrix } from 'ml-matrix';

export type { Matrix };

/** ml-matrix's Matrix class, as the packages use it (its CommonJS build). */
export type MatrixClass = typeof Matrix;

/** A class label as omegats sees it. */
export type Label = number | string;

/** The part of ml-matrix's matrices (and views) read here. */
export interface MatrixLike {
  readonly rows: number;
  readonly columns: number;
  get(row: number, column: number): number;
}

/** A library class: constructor, static `load` and the prototype `instanceof` tests against. */
export interface LibraryClass<M, A extends unknown[], J> {
  new (...args: A): M;
  load(model: J): M;
  readonly prototype: M;
}

// --- ml-cart -------------------------------------------------------------------------------------

export interface TreeOptions {
  gainFunction?: string;
  splitFunction?: string;
  minNumSamples?: number;
  maxDepth?: number;
  gainThreshold?: number;
  kind?: string;
}

/** A node of a trained CART tree: a split (left/right) or a leaf (distribution). */
export interface TreeNode {
  /** Classifier leaves: a 1×k row of class shares; regression leaves: the predicted value. */
  distribution?: MatrixLike | number;
  splitColumn?: number;
  left?: TreeNode;
  right?: TreeNode;
  classify(row: readonly number[]): MatrixLike | number;
}

/** `toJSON()` of a tree; `root` is the live TreeNode until stringified. */
export interface TreeJSON {
  name: string;
  options: TreeOptions;
  root: unknown;
}

export interface DecisionTree {
  options: TreeOptions;
  /** Unset until trained. */
  root?: TreeNode;
  train(X: number[][], y: readonly number[]): void;
  predict(X: number[][]): number[];
  toJSON(): TreeJSON;
}

export type DecisionTreeClassifier = DecisionTree;
export type DecisionTreeRegression = DecisionTree;
export type TreeClass = LibraryClass<DecisionTree, [options?: TreeOptions], TreeJSON>;

// --- ml-random-forest ----------------------------------------------------------------------------

export interface ForestOptions {
  maxFeatures?: number;
  replacement?: boolean;
  nEstimators?: number;
  seed?: number;
  useSampleBagging?: boolean;
  noOOB?: boolean;
  maxSamples?: number;
  treeOptions?: TreeOptions;
  /** Regression only: `mean` or `median`. */
  selectionMethod?: string;
}

export interface ForestJSON {
  name: string;
  baseModel: { treeOptions?: TreeOptions; estimators: TreeJSON[] } & Record<string, unknown>;
  selectionMethod?: string;
}

export interface RandomForest extends ForestOptions {
  nEstimators: number;
  isClassifier: boolean;
  /** Set by `train` (not kept by `toJSON`; omegats stores it beside the model). */
  numberFeatures?: number;
  /** Unset until trained. */
  estimators?: (DecisionTree | undefined)[];
  /** The feature columns each estimator was trained on. */
  indexes?: (number[] | undefined)[];
  train(X: number[][], y: readonly number[]): void;
  predict(X: number[][]): number[];
  /** One row per sample, one column per estimator. */
  predictionValues(X: number[][]): MatrixLike;
  toJSON(): ForestJSON;
}

export type RandomForestClassifier = RandomForest;
export type RandomForestRegression = RandomForest;
export type ForestClass = LibraryClass<RandomForest, [options?: ForestOptions], ForestJSON>;

// --- ml-naivebayes -------------------------------------------------------------------------------

/** Per class: the log prior, then per feature `[1 / (√(2π)·σ), -2σ²]`. */
export type GaussianTerms = [number, ...[number, number][]];

export interface GaussianNBJSON {
  modelName: string;
  means: number[][];
  calculateProbabilities: GaussianTerms[];
}

export interface GaussianNB {
  /** Per class, the mean of each feature. Unset until trained. */
  means?: number[][];
  calculateProbabilities?: GaussianTerms[];
  train(X: number[][], y: readonly number[]): void;
  predict(X: number[][]): number[];
  toJSON(): GaussianNBJSON;
}

export type GaussianNBClass = LibraryClass<GaussianNB, [], GaussianNBJSON>;

// --- ml-logistic-regression ----------------------------------------------------------------------

export interface LogisticRegressionOptions {
  numSteps?: number;
  learningRate?: number;
}

export interface BinaryLogisticRegression {
  /** 1×features; no intercept. */
  weights: MatrixLike | null;
  /** Per row, the sigmoid score of "not this class" (one-vs-all with the class as 0). */
  testScores(X: Matrix): number[];
}

export interface LogisticRegressionJSON {
  name: string;
  numSteps: number;
  learningRate: number;
  numberClasses: number;
  classifiers: unknown[];
}

export interface LogisticRegression {
  numSteps: number;
  learningRate: number;
  numberClasses: number;
  classifiers: (BinaryLogisticRegression | undefined)[];
  train(X: Matrix, Y: Matrix): void;
  predict(X: Matrix): number[];
  toJSON(): LogisticRegressionJSON;
}

export type LogisticRegressionClass = LibraryClass<
  LogisticRegression,
  [options?: LogisticRegressionOptions],
  LogisticRegressionJSON
>;

// --- ml-knn --------------------------------------------------------------------------------------

export interface KDTree {
  dimensions: number[];
  /** The `maxNodes` nearest stored points (features then label) with their distance. */
  nearest(point: readonly number[], maxNodes: number): [Label[], number][];
}

export interface KNNJSON {
  name: string;
  kdTree: unknown;
  k: number;
  classes: Label[];
  isEuclidean: boolean;
}

export interface KNN {
  /** Unset on the untrained KNN omegats makes (the library itself has no untrained state). */
  kdTree?: KDTree;
  k?: number;
  classes?: Set<Label>;
  isEuclidean?: boolean;
  predict(X: number[][]): Label[];
  toJSON(): KNNJSON;
}

export interface KNNOptions {
  k?: number;
}

export type KNNClass = LibraryClass<KNN, [X: number[][], labels: readonly Label[], options?: KNNOptions], KNNJSON>;

// --- ml-regression-multivariate-linear ----------------------------------------------------------

export interface LinearRegressionOptions {
  intercept?: boolean;
  statistics?: boolean;
}

/** What `MultivariateLinearRegression.load` reads. */
export interface LinearRegressionJSON {
  name: string;
  weights: number[][];
  inputs: number;
  outputs: number;
  intercept: boolean;
}

export interface MultivariateLinearRegression {
  /** (inputs [+ 1 intercept row]) × outputs. Unset on an untrained instance. */
  weights?: number[][];
  inputs?: number;
  outputs?: number;
  intercept?: boolean;
  statistics?: boolean;
  stdError?: number;
  stdErrorMatrix?: MatrixLike;
  stdErrors?: number[];
  tStats?: number[];
  predict(X: number[][]): number[][];
}

export type LinearRegressionClass = LibraryClass<
  MultivariateLinearRegression,
  [X: number[][], Y: number[][], options?: LinearRegressionOptions],
  LinearRegressionJSON
>;
