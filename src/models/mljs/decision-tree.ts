import type { SharedParts } from './family.js';
import { isTrainedTree, loadTree, treeMinFeatures, treeOptionsFrom, treeOptionsOf, treePredict } from './trees.js';
import type { DecisionTree, TreeClass } from './types.js';

/**
 * What both ml-cart classes share. ml-cart keeps no feature count: omegats records it at fit and
 * stores it beside the model; for trees trained elsewhere only a lower bound is known. Predictions
 * walk the tree directly (see treePredict).
 */
export function treeParts(cls: () => TreeClass): SharedParts<DecisionTree> {
  return {
    isFitted: (tree) => isTrainedTree(tree),
    state: (tree) => tree.root,
    features: () => undefined,
    minFeatures: (tree) => treeMinFeatures(tree.root),
    options: (tree) => treeOptionsOf(tree.options),
    toModel: (tree) => tree.toJSON(),
    create: (options) => new (cls())(treeOptionsFrom(options)),
    load: (model) => loadTree((json) => cls().load(json), model),
    fit: (tree, X, y) => tree.train(X, y),
    predict: (tree, X) => (tree.root === undefined ? tree.predict(X) : treePredict(tree.root, X)),
  };
}
