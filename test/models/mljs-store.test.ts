import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RandomForestClassifier } from 'ml-random-forest';
import { ValidationError } from '../../src/index.js';
import { estimatorFor } from '../../src/models/mljs/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { irisLike } from './mljs/fixtures.js';

const data = irisLike(60, 3);

for (const engine of ENGINES) {
  describe(`models store with ml.js (${engine})`, () => {
    const t = suiteContext(engine);

    it('stores an untrained estimator, then the trained one as a new version, each restored', async () => {
      const forest = new RandomForestClassifier({ nEstimators: 10, seed: 3 });
      const untrained = await t.om.models.put(forest, 'iris');
      assert.equal(untrained.kind, 'mljs.random-forest-classifier');
      assert.equal(untrained.kindMeta.fitted, false);
      const estimator = estimatorFor(forest);
      await estimator.fit(data.X, data.classes);
      const trained = await t.om.models.put(estimator.model, 'iris', { tag: 'v2' });
      assert.equal(trained.kindMeta.fitted, true);
      assert.notEqual(trained.kindMeta.version, untrained.kindMeta.version);
      const restored = await t.om.models.get('iris@v2');
      assert.ok(restored instanceof RandomForestClassifier);
      assert.deepEqual(await estimatorFor(restored).predict(data.X), await estimator.predict(data.X));
      assert.equal(estimatorFor(await t.om.models.get('iris^')).fitted, false);
      await assert.rejects(estimatorFor(restored).predict([[1, 2, 3]]), /expects 4 features, got 3/);
    });

    it('an object no backend supports is a ValidationError naming its type', async () => {
      class HomeMadeModel {}
      await assert.rejects(t.om.models.put(new HomeMadeModel(), 'custom'), (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.match(error.message, /HomeMadeModel/);
        return true;
      });
      assert.equal(await t.om.models.exists('custom'), false);
    });
  });
}
