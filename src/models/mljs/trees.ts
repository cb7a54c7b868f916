// What the CART trees of ml-cart (and so ml-random-forest's estimators) share.
import { ValidationError } from '../../errors.js';
import { isObject, type JsonObject } from './json.js';
import type { DecisionTree, TreeJSON, TreeNode, TreeOptions } from './types.js';

export function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}

/** Tree options as stored: the instance's own, without the `kind` its class sets itself. */
export function treeOptionsOf(options: TreeOptions | undefined): JsonObject | undefined {
  if (options === undefined) return undefined;
  const { kind: _kind, ...rest } = options;
  return rest;
}

/**
 * Tree options read back. JSON turns the default `maxDepth: Infinity` into null, which ml-cart
 * would read as depth 0 on a retrain; null is taken back to Infinity.
 */
export function treeOptionsFrom(options: unknown): TreeOptions | undefined {
  if (!isObject(options)) return undefined;
  return options.maxDepth === null ? { ...options, maxDepth: Number.POSITIVE_INFINITY } : options;
}

/** A tree is trained once its root is a leaf (has a distribution) or a split (has children). */
export function isTrainedTree(tree: DecisionTree | undefined): boolean {
  const root = tree?.root;
  return (
    root !== undefined && (root.distribution !== undefined || (root.left !== undefined && root.right !== undefined))
  );
}

function eachNode(root: TreeNode | undefined, visit: (node: TreeNode) => void): void {
  const stack: (TreeNode | undefined)[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === undefined) continue;
    visit(node);
    stack.push(node.left, node.right);
  }
}

/** Classifier trees: the classes a tree knows, i.e. the widest leaf distribution (labels 0..k-1). */
export function treeClassCount(root: TreeNode | undefined): number {
  let count = 0;
  eachNode(root, (node) => {
    const { distribution } = node;
    if (typeof distribution === 'object') count = Math.max(count, distribution.columns);
  });
  return count;
}

/** The fewest features a tree reads: one past the highest column it splits on. */
export function treeMinFeatures(root: TreeNode | undefined): number {
  let count = 0;
  eachNode(root, (node) => {
    if (node.left !== undefined && node.right !== undefined && node.splitColumn !== undefined) {
      count = Math.max(count, node.splitColumn + 1);
    }
  });
  return count;
}

/**
 * Copies onto loaded nodes the fields ml-cart's `load` drops (`numberSamples`, a leaf's `gain`…),
 * so a loaded tree encodes to the same bytes as the tree it was stored from.
 */
export function restoreNodes(json: unknown, root: TreeNode | undefined): void {
  const stack: [unknown, TreeNode | undefined][] = [[json, root]];
  while (stack.length > 0) {
    const [stored, node] = stack.pop() ?? [];
    if (!isObject(stored) || node === undefined) continue;
    const target = node as unknown as JsonObject;
    for (const key of Object.keys(stored)) {
      if (key !== 'left' && key !== 'right' && !(key in target)) target[key] = stored[key];
    }
    stack.push([stored.left, node.left], [stored.right, node.right]);
  }
}

/** Stored tree JSON made ready for `load` (options mended, see treeOptionsFrom). */
export function treeJSONFrom(model: unknown): TreeJSON {
  if (!isObject(model) || !isObject(model.root)) throw new ValidationError('the tree has no root node');
  return { ...model, options: treeOptionsFrom(model.options) ?? {} } as TreeJSON;
}

/** Loads a tree and restores what ml-cart's `load` leaves out. */
export function loadTree(load: (json: TreeJSON) => DecisionTree, model: unknown): DecisionTree {
  const json = treeJSONFrom(model);
  const tree = load(json);
  restoreNodes(json.root, tree.root);
  return tree;
}

/**
 * ml-cart's predict without its copy of X into a Matrix and back into rows: each (checked) row
 * walks the tree with the library's own `classify`. Regression leaves hold the value; classifier
 * leaves their class shares, of which the index of the largest is the answer (the first one on a
 * tie, as ml-cart's `maxRowIndex`).
 */
export function treePredict(root: TreeNode, X: number[][]): number[] {
  const predicted: number[] = [];
  for (const row of X) {
    const leaf = root.classify(row);
    if (typeof leaf === 'number') {
      predicted.push(leaf);
      continue;
    }
    let best = 0;
    let top = leaf.get(0, 0);
    for (let j = 1; j < leaf.columns; j++) {
      const share = leaf.get(0, j);
      if (share > top) {
        top = share;
        best = j;
      }
    }
    predicted.push(best);
  }
  return predicted;
}

/**
 * Per row, the class shares of the leaf it falls in, padded to `count` classes and normalised (the
 * library sums 1/n per row, which can overshoot 1 by a rounding error).
 */
export function leafShares(root: TreeNode, X: number[][], count: number): number[][] {
  return X.map((row) => {
    const shares = new Array<number>(count).fill(0);
    const distribution = root.classify(row);
    if (typeof distribution === 'object') {
      let total = 0;
      for (let j = 0; j < Math.min(count, distribution.columns); j++) {
        shares[j] = distribution.get(0, j);
        total += distribution.get(0, j);
      }
      if (total > 0) for (let j = 0; j < count; j++) shares[j] = (shares[j] ?? 0) / total;
    }
    return shares;
  });
}
