import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecisionTreeClassifier } from '../../src/models/mljs/lib.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

for (const engine of ENGINES) {
  describe(`a read-only metadata view (${engine})`, () => {
    const t = suiteContext(engine);

    it('is the metadata, shared while the row is unchanged, and new after a write', async () => {
      const models = t.om.models;
      await models.put(new DecisionTreeClassifier(), 'viewed', { attributes: { require: { label: 'gpu' } } });
      const first = await models.metadataView('viewed');
      assert.deepEqual(first, await models.metadata('viewed'));
      const again = await models.metadataView('viewed');
      assert.deepEqual(again, first);
      // SQLite keeps the committed row: its view is parsed once.
      if (engine === 'sqlite') assert.equal(again, first);
      await models.setAttributes('viewed', { note: 'changed' });
      const changed = await models.metadataView('viewed');
      assert.notEqual(changed, first);
      assert.equal(changed?.attributes.note, 'changed');
      assert.deepEqual(changed, await models.metadata('viewed'));
      assert.equal(await models.metadataView('missing'), null);
    });

    it('reads a version selector as metadata does', async () => {
      const models = t.om.models;
      await models.put(new DecisionTreeClassifier(), 'versioned', { tag: 'first' });
      await t.om.runtime.model('versioned').fit([[0], [1]], [0, 1]);
      assert.deepEqual(await models.metadataView('versioned@first'), await models.metadata('versioned@first'));
      assert.deepEqual(await models.metadataView('versioned^'), await models.metadata('versioned^'));
      assert.notEqual(
        (await models.metadataView('versioned^'))?.kindMeta.version,
        (await models.metadataView('versioned'))?.kindMeta.version,
      );
    });
  });
}
