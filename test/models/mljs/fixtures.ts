import { untrainedKNN, untrainedLinearRegression } from '../../../src/models/mljs/index.js';
import {
  DecisionTreeClassifier,
  DecisionTreeRegression,
  GaussianNB,
  LogisticRegression,
  Matrix,
  RandomForestClassifier,
  RandomForestRegression,
} from '../../../src/models/mljs/lib.js';

/** Park–Miller PRNG: the same numbers on every run. */
export function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state / 2147483647;
  };
}

export const SPECIES = ['setosa', 'versicolor', 'virginica'] as const;

export interface Dataset {
  readonly X: number[][];
  /** Class index 0..2 per row. */
  readonly classes: number[];
  /** Species name per row. */
  readonly species: string[];
  /** A noisy linear target per row. */
  readonly target: number[];
}

/** Iris-like data: 3 well-separated classes, 4 features, `rows` rows (a multiple of 3). */
export function irisLike(rows: number, seed = 7): Dataset {
  const random = prng(seed);
  const X: number[][] = [];
  const classes: number[] = [];
  const species: string[] = [];
  const target: number[] = [];
  const centres = [
    [5.0, 3.4, 1.5, 0.2],
    [5.9, 2.8, 4.3, 1.3],
    [6.6, 3.0, 5.6, 2.0],
  ];
  for (let i = 0; i < rows; i++) {
    const c = i % 3;
    const row = (centres[c] ?? []).map((v) => Math.round((v + (random() - 0.5) * 0.8) * 100) / 100);
    X.push(row);
    classes.push(c);
    species.push(SPECIES[c] ?? '');
    const [a = 0, b = 0, d = 0, e = 0] = row;
    target.push(2 * a - b + 0.5 * d + 3 * e + (random() - 0.5) * 0.1);
  }
  return { X, classes, species, target };
}

export const train = irisLike(60, 7);
export const test = irisLike(30, 11);

export interface Case {
  readonly className: string;
  readonly kind: string;
  readonly task: 'classification' | 'regression';
  /** Whether the library can tell class probabilities (predictProba defined). */
  readonly proba: boolean;
  /** A fresh untrained instance with non-default options where the class has options. */
  readonly make: () => object;
  /** The library's own predict, called directly. */
  readonly direct: (model: object, X: number[][]) => unknown;
}

/** Calls the library's own `predict(X)`. */
function ownPredict(model: object, X: number[][]): unknown {
  return (model as { predict(X: number[][]): unknown }).predict(X);
}

export const CASES: readonly Case[] = [
  {
    className: 'RandomForestClassifier',
    kind: 'mljs.random-forest-classifier',
    task: 'classification',
    proba: true,
    make: () => new RandomForestClassifier({ nEstimators: 15, seed: 3, treeOptions: { minNumSamples: 2 } }),
    direct: ownPredict,
  },
  {
    className: 'RandomForestRegression',
    kind: 'mljs.random-forest-regression',
    task: 'regression',
    proba: false,
    make: () => new RandomForestRegression({ nEstimators: 15, seed: 5, selectionMethod: 'median' }),
    direct: ownPredict,
  },
  {
    className: 'DecisionTreeClassifier',
    kind: 'mljs.decision-tree-classifier',
    task: 'classification',
    proba: true,
    make: () => new DecisionTreeClassifier({ minNumSamples: 2 }),
    direct: ownPredict,
  },
  {
    className: 'DecisionTreeRegression',
    kind: 'mljs.decision-tree-regression',
    task: 'regression',
    proba: false,
    make: () => new DecisionTreeRegression({ maxDepth: 6 }),
    direct: ownPredict,
  },
  {
    className: 'GaussianNB',
    kind: 'mljs.gaussian-nb',
    task: 'classification',
    proba: true,
    make: () => new GaussianNB(),
    direct: ownPredict,
  },
  {
    className: 'LogisticRegression',
    kind: 'mljs.logistic-regression',
    task: 'classification',
    proba: true,
    make: () => new LogisticRegression({ numSteps: 400, learningRate: 0.01 }),
    direct: (model, X) => (model as LogisticRegression).predict(new Matrix(X)),
  },
  {
    className: 'KNN',
    kind: 'mljs.knn',
    task: 'classification',
    proba: true,
    make: () => untrainedKNN({ k: 5 }),
    direct: ownPredict,
  },
  {
    className: 'MultivariateLinearRegression',
    kind: 'mljs.linear-regression',
    task: 'regression',
    proba: false,
    make: () => untrainedLinearRegression({ intercept: true, statistics: true }),
    direct: ownPredict,
  },
];
