// Runs in its own process (node --test): nothing else here loads an ml.js package.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { it } from 'node:test';
import { ValidationError } from '../../../src/errors.js';
import { estimatorFor, mljsCodecs } from '../../../src/models/mljs/index.js';
import type { KNNClass } from '../../../src/models/mljs/types.js';

const require = createRequire(import.meta.url);
const PACKAGES = [
  'ml-cart',
  'ml-random-forest',
  'ml-naivebayes',
  'ml-logistic-regression',
  'ml-knn',
  'ml-regression-multivariate-linear',
];
const loaded = () => PACKAGES.filter((name) => require.resolve(name) in require.cache);

it('importing the codecs, or asking them about other objects, loads no ml.js package', async () => {
  assert.deepEqual(loaded(), []);
  for (const codec of mljsCodecs) assert.equal(codec.supports({ predict() {} }), false);
  assert.throws(() => estimatorFor(new Map()), ValidationError);
  await assert.rejects(mljsCodecs[0]?.encode({}) ?? Promise.reject(new Error('no codec')), ValidationError);
  assert.deepEqual(loaded(), []);
});

it("a caller's model is recognised, and only its package is loaded", async () => {
  const KNN = require('ml-knn') as KNNClass;
  const knn = new KNN([[0], [1], [10], [11]], ['a', 'a', 'b', 'b'], { k: 1 });
  const codec = mljsCodecs.find((c) => c.supports(knn));
  assert.equal(codec?.kind, 'mljs.knn');
  assert.deepEqual(await estimatorFor(knn).predict([[0.2], [10.6]]), ['a', 'b']);
  assert.deepEqual(loaded(), ['ml-knn']);
});
