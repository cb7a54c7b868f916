import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RandomForestClassifier } from 'ml-random-forest';
import { setup } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { irisLike } from '../models/mljs/fixtures.js';
import { cliSuite, omInProcess } from './om-cli.js';

const iris = irisLike(30, 3);

for (const engine of ENGINES) {
  describe(`om runtime: dataset names that start with a digit, fit progress (${engine})`, () => {
    const t = cliSuite(engine);

    before(async () => {
      const om = await setup({ home: t.site.home, context: t.site.contextName });
      const rows = iris.X.map(([a, b, c, d], i) => ({ a, b, c, d, species: iris.species[i] }));
      await om.datasets.put(rows, '2026_iris');
      await om.models.put(new RandomForestClassifier({ nEstimators: 4, seed: 2, noOOB: true }), 'forest');
      await om.close();
    });

    it('fits and predicts from 2026_iris[a,b,c,d], showing the elapsed seconds of the fit on a TTY', async () => {
      const fit = await omInProcess(
        t.site.home,
        ['runtime', 'model', 'forest', 'fit', '2026_iris[a,b,c,d]', '2026_iris[species]'],
        undefined,
        true,
      );
      assert.equal(fit.status, 0, fit.stderr);
      // Each update rewrites the line: \r, the text, then ESC [K clearing the rest of it.
      const updates = fit.stderr.split('\x1b[K');
      assert.equal(updates[0], '\rforest fit: 0 s');
      for (const update of updates.slice(1, -2)) assert.match(update, /^\rforest fit: \d+ s$/);
      assert.match(updates.at(-2) ?? '', /^\rforest fit: \d+\.\d s$/);
      assert.equal(updates.at(-1), '\n');
      const predict = await t.site.omc(['runtime', 'model', 'forest', 'predict', '2026_iris[a,b,c,d]']);
      assert.equal(predict.status, 0, predict.stderr);
      assert.equal(JSON.parse(predict.out).length, 30);
      const plain = await t.site.omc(['runtime', 'model', 'forest', 'fit', '2026_iris[a,b,c,d]', '2026_iris[species]']);
      assert.equal(plain.stderr, '');
    });
  });
}
