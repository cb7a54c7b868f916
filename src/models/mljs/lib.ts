/**
 * The ml.js classes omegats drives, typed (see types.ts), for code that builds models itself.
 * Importing this module loads the packages; the codecs and the adapter load them only when used.
 */
import {
  mlCart,
  mlKnn,
  mlLinearRegression,
  mlLogisticRegression,
  mlMatrix,
  mlNaiveBayes,
  mlRandomForest,
} from './load.js';
import type * as types from './types.js';

export type * from './types.js';

// The class names are values here; these make them types too (an instance of the class).
export type Matrix = types.Matrix;
export type DecisionTreeClassifier = types.DecisionTreeClassifier;
export type DecisionTreeRegression = types.DecisionTreeRegression;
export type RandomForestClassifier = types.RandomForestClassifier;
export type RandomForestRegression = types.RandomForestRegression;
export type GaussianNB = types.GaussianNB;
export type LogisticRegression = types.LogisticRegression;
export type KNN = types.KNN;
export type MultivariateLinearRegression = types.MultivariateLinearRegression;

export const Matrix = mlMatrix.exports.Matrix;
export const DecisionTreeClassifier = mlCart.exports.DecisionTreeClassifier;
export const DecisionTreeRegression = mlCart.exports.DecisionTreeRegression;
export const RandomForestClassifier = mlRandomForest.exports.RandomForestClassifier;
export const RandomForestRegression = mlRandomForest.exports.RandomForestRegression;
export const GaussianNB = mlNaiveBayes.exports.GaussianNB;
export const LogisticRegression = mlLogisticRegression.exports;
export const KNN = mlKnn.exports;
export const MultivariateLinearRegression = mlLinearRegression.exports;
