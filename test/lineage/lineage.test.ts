// Lineage (API.md §14): a model's versions, what each was trained on and whether that data
// changed since, and where it was promoted from, followed into the source context.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lineage, TrainingLineage } from '../../src/index.js';
import { NotFoundError, ValidationError } from '../../src/index.js';
import { IRIS_ROWS, PAIRS, pairName, pairSuite, untrainedTree } from '../promotion/pairs.js';

const X = 'iris[sl,sw,pl,pw]';
const Y = 'iris[species]';

/** Per version: [role, context, revision then, revision now, changed] of each input. */
function training(lineage: Lineage): [string, string, number | null, number | null, boolean | null][][] {
  return lineage.versions.map((v) =>
    v.trainedOn.map((t: TrainingLineage) => [t.role, t.context, t.revision, t.currentRevision, t.changed]),
  );
}

for (const pair of PAIRS) {
  describe(`lineage (${pairName(pair)})`, () => {
    const t = pairSuite(pair);

    it('says what each version was trained on and whether that data changed since', async () => {
      const { dev } = t.ctx;
      await dev.datasets.put(IRIS_ROWS.slice(0, 40), 'iris');
      await dev.models.put(untrainedTree(), 'iris');
      await dev.runtime.model('iris').fit(X, Y);
      await dev.datasets.put(IRIS_ROWS.slice(40), 'iris'); // an append: revision 2
      await dev.runtime.model('iris').fit(X, Y);

      const lineage = await dev.lineage('models/iris');
      assert.deepEqual(lineage.object, { context: 'dev', bucket: 'default', prefix: 'models/', name: 'iris' });
      assert.deepEqual(training(lineage), [
        [],
        [
          ['X', 'dev', 1, 2, true],
          ['Y', 'dev', 1, 2, true],
        ],
        [
          ['X', 'dev', 2, 2, false],
          ['Y', 'dev', 2, 2, false],
        ],
      ]);
      assert.deepEqual(lineage.versions.at(-1)?.tags, ['latest']);
      assert.equal(lineage.versions[1]?.trainedOn[0]?.name, X);
      assert.equal(lineage.versions[1]?.trainedOn[0]?.dataset, 'iris');
      assert.deepEqual(lineage.promotions, []);

      await dev.datasets.drop('iris');
      await dev.datasets.put(IRIS_ROWS, 'iris'); // made anew: revision 1 again, yet not the data of any fit
      const remade = await dev.lineage('models/iris');
      assert.deepEqual(
        remade.versions.map((v) => v.trainedOn.map((input) => input.changed)),
        [[], [true, true], [true, true]],
      );
    });

    it('follows a bundle promotion into its source context, and sees data change there', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(IRIS_ROWS, 'flowers');
      await dev.models.put(untrainedTree(), 'flower-model');
      await dev.runtime.model('flower-model').fit('flowers[sl,sw,pl,pw]', 'flowers[species]');
      const promoted = await dev.models.promote('flower-model', prod.models, { with: 'datasets' });
      await dev.datasets.put(IRIS_ROWS.slice(0, 5), 'flowers'); // dev's data moves on; prod's does not

      const lineage = await prod.lineage('models/flower-model');
      assert.deepEqual(training(lineage), [
        [
          ['X', 'prod', 1, 1, false],
          ['Y', 'prod', 1, 1, false],
        ],
      ]);
      assert.equal(lineage.promotions.length, 1);
      const [promotion] = lineage.promotions;
      assert.equal(promotion?.record.bundle, promoted.bundle);
      assert.equal(promotion?.record.source?.context, 'dev');
      assert.deepEqual(promotion?.bundledWith, [
        { context: 'prod', bucket: 'default', prefix: 'data/', name: 'flowers' },
      ]);
      assert.deepEqual(promotion?.source?.object, {
        context: 'dev',
        bucket: 'default',
        prefix: 'models/',
        name: 'flower-model',
      });
      assert.deepEqual(training(promotion?.source as Lineage).at(-1), [
        ['X', 'dev', 1, 2, true],
        ['Y', 'dev', 1, 2, true],
      ]);

      const data = await prod.lineage('data/flowers');
      assert.deepEqual(data.versions, []);
      assert.equal(data.promotions[0]?.record.bundle, promoted.bundle);
      assert.equal(data.promotions[0]?.source?.object.context, 'dev');
    });

    it('a model promoted alone keeps pointing at the data in its source context', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(IRIS_ROWS, 'petals');
      await dev.models.put(untrainedTree(), 'petal-model');
      await dev.runtime.model('petal-model').fit('petals[sl,sw,pl,pw]', 'petals[species]');
      await dev.models.promote('petal-model', prod.models);
      assert.deepEqual(training(await prod.lineage('models/petal-model')), [
        [
          ['X', 'dev', 1, 1, false],
          ['Y', 'dev', 1, 1, false],
        ],
      ]);

      const unreachable = await prod.lineage('models/petal-model', {
        openContext: async (name) => {
          throw new Error(`no config defines ${name}`);
        },
      });
      const [input] = unreachable.versions[0]?.trainedOn ?? [];
      assert.equal(input?.changed, null);
      assert.match(input?.note ?? '', /context dev cannot be reached: no config defines dev/);
      assert.equal(unreachable.promotions[0]?.source, null);
      assert.match(unreachable.promotions[0]?.note ?? '', /context dev cannot be reached/);
    });

    it('bad names are typed errors', async () => {
      const { dev } = t.ctx;
      await assert.rejects(dev.lineage('iris'), ValidationError);
      await assert.rejects(dev.lineage('models/none'), NotFoundError);
    });
  });
}
