import { ValidationError } from '../../errors.js';
import type { SharedParts } from './family.js';
import { isObject, type JsonObject } from './json.js';
import { isTrainedTree, restoreNodes, treeJSONFrom, treeOptionsFrom } from './trees.js';
import type { ForestClass, ForestJSON, ForestOptions, RandomForest } from './types.js';

/** The instance's constructor options (the library keeps them all as fields). */
function forestOptions(forest: RandomForest): JsonObject {
  const { maxFeatures, replacement, nEstimators, seed, useSampleBagging, noOOB, maxSamples, treeOptions } = forest;
  const options = { maxFeatures, replacement, nEstimators, seed, useSampleBagging, noOOB, maxSamples, treeOptions };
  return forest.isClassifier ? options : { ...options, selectionMethod: forest.selectionMethod };
}

function forestOptionsFrom(options: JsonObject | undefined): ForestOptions | undefined {
  if (options === undefined) return undefined;
  const treeOptions = treeOptionsFrom(options.treeOptions);
  return { ...options, ...(treeOptions === undefined ? {} : { treeOptions }) } as ForestOptions;
}

/** Trained: every estimator is a trained tree with its feature columns. */
function isTrainedForest(forest: RandomForest): boolean {
  const { estimators, indexes } = forest;
  return (
    Array.isArray(estimators) &&
    Array.isArray(indexes) &&
    estimators.length > 0 &&
    indexes.length === estimators.length &&
    estimators.every(isTrainedTree) &&
    indexes.every(Array.isArray)
  );
}

/** One past the highest feature column any estimator reads. */
function forestMinFeatures(forest: RandomForest): number {
  let count = 0;
  for (const columns of forest.indexes ?? []) for (const column of columns ?? []) count = Math.max(count, column + 1);
  return count;
}

/**
 * Loads a stored forest and restores what `load` leaves out: the trees' dropped fields (see
 * trees.ts), `noOOB` and `maxSamples` (load forces noOOB on and forgets maxSamples) and the
 * feature count `numberFeatures`, which `toJSON` does not keep.
 */
function loadForest(cls: ForestClass, model: JsonObject, options: JsonObject | undefined, features?: number) {
  const base = model.baseModel;
  if (!isObject(base) || !Array.isArray(base.estimators)) throw new ValidationError('the forest has no estimators');
  const estimators = base.estimators.map((tree) => treeJSONFrom(tree));
  const json = { ...model, baseModel: { ...base, treeOptions: treeOptionsFrom(base.treeOptions), estimators } };
  const forest = cls.load(json as ForestJSON);
  forest.estimators?.forEach((tree, i) => {
    restoreNodes(estimators[i]?.root, tree?.root);
  });
  if (typeof options?.noOOB === 'boolean') forest.noOOB = options.noOOB;
  if (typeof options?.maxSamples === 'number') forest.maxSamples = options.maxSamples;
  if (features !== undefined) forest.numberFeatures = features;
  return forest;
}

/** What both ml-random-forest classes share. */
export function forestParts(cls: () => ForestClass): SharedParts<RandomForest> {
  return {
    isFitted: isTrainedForest,
    state: (forest) => forest.estimators,
    features: (forest) => forest.numberFeatures,
    minFeatures: forestMinFeatures,
    options: forestOptions,
    toModel: (forest) => forest.toJSON(),
    create: (options) => new (cls())(forestOptionsFrom(options)),
    load: (model, options, features) => loadForest(cls(), model, options, features),
    fit(forest, X, y) {
      try {
        forest.train(X, y);
      } catch (err) {
        // With bagging, a row drawn into every bag has no out-of-bag vote, and ml-random-forest's
        // out-of-bag pass fails on it with this bare message.
        if (err instanceof Error && err.message === 'input must not be empty' && !forest.noOOB) {
          err.message += ' (with few estimators some rows are never out of bag: set noOOB or raise nEstimators)';
        }
        throw err;
      }
    },
    predict: (forest, X) => forest.predict(X),
  };
}
