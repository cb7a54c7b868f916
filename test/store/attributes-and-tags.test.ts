// Store.setAttributes (attributes only, models keep their version) and Store.tag (a tag moved to a chosen version).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

const bytes = (text: string) => Buffer.from(text);

function invalid(pattern: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.match(error.message, pattern);
    return true;
  };
}

for (const engine of ENGINES) {
  describe(`attributes and tags (${engine})`, () => {
    const t = suiteContext(engine);

    it('setAttributes merges deeply, unsets dot paths, and leaves the version and its history alone', async () => {
      const put = await t.om.models.put(bytes('m1'), 'attr', { attributes: { owner: 'ds', require: { queue: 'q' } } });
      const updated = await t.om.models.setAttributes('attr', { require: { label: 'gpu' }, n: 5 });
      assert.deepEqual(updated.attributes, { owner: 'ds', require: { queue: 'q', label: 'gpu' }, n: 5 });
      assert.equal(updated.kindMeta.version, put.kindMeta.version);
      const unset = await t.om.models.setAttributes('attr', {}, { unset: ['require.queue', 'n', 'no.such'] });
      assert.deepEqual(unset.attributes, { owner: 'ds', require: { label: 'gpu' } });
      assert.deepEqual((await t.om.models.metadata('attr'))?.attributes, unset.attributes);
      assert.equal((await t.om.models.revisions('attr')).length, 1, 'no version added');
      assert.deepEqual(
        (await t.om.models.setAttributes('attr', { require: 'cpu' }, { unset: ['owner'] })).attributes,
        { require: 'cpu' },
        'unset first, then a non-object replaces',
      );
      await t.om.datasets.put({ a: 1 }, 'attr-json');
      assert.deepEqual((await t.om.datasets.setAttributes('attr-json', { x: [1, 2] })).attributes, { x: [1, 2] });
      assert.deepEqual(await t.om.datasets.get('attr-json'), { a: 1 });
    });

    it('reserved keys, a patch that is no object and a missing object are errors; nothing changes', async () => {
      await t.om.models.put(bytes('r1'), 'guarded', { attributes: { a: 1 } });
      const reserved = /reserved/;
      await assert.rejects(
        t.om.models.setAttributes('guarded', JSON.parse('{"__proto__": {"x": 1}}')),
        invalid(reserved),
      );
      await assert.rejects(t.om.models.setAttributes('guarded', { nested: { constructor: 1 } }), invalid(reserved));
      await assert.rejects(t.om.models.setAttributes('guarded', { list: [{ prototype: 1 }] }), invalid(reserved));
      await assert.rejects(t.om.models.setAttributes('guarded', {}, { unset: ['a.__proto__'] }), invalid(reserved));
      await assert.rejects(t.om.models.setAttributes('guarded', {}, { unset: ['a..b'] }), invalid(/empty key/));
      await assert.rejects(
        t.om.models.setAttributes('guarded', [1] as unknown as Record<string, unknown>),
        invalid(/plain object/),
      );
      await assert.rejects(t.om.models.setAttributes('guarded@v1', { a: 2 }), ValidationError);
      await assert.rejects(t.om.models.setAttributes('missing', { a: 2 }), NotFoundError);
      assert.deepEqual((await t.om.models.metadata('guarded'))?.attributes, { a: 1 });
      assert.equal(Object.getPrototypeOf({}).x, undefined);
    });

    it('tag moves a tag to the chosen version, without adding one', async () => {
      const v1 = String((await t.om.models.put(bytes('t1'), 'tagged')).kindMeta.version);
      const v2 = String((await t.om.models.put(bytes('t2'), 'tagged', { tag: 'stable' })).kindMeta.version);
      const meta = await t.om.models.tag(`tagged@${v1.slice(0, 8)}`, 'v1');
      assert.equal(meta.kindMeta.version, v1);
      assert.deepEqual(await t.om.models.get('tagged@v1'), bytes('t1'));
      assert.equal((await t.om.models.tag('tagged', 'v2')).kindMeta.version, v2, 'a plain name tags the latest');
      await t.om.models.tag('tagged^', 'stable');
      assert.deepEqual(
        (await t.om.models.revisions('tagged')).map((r) => [r.version, r.tags]),
        [
          [v1, ['stable', 'v1']],
          [v2, ['latest', 'v2']],
        ],
      );
      await assert.rejects(t.om.models.tag('tagged@nope', 'x'), NotFoundError);
      await assert.rejects(t.om.models.tag('missing@v1', 'x'), NotFoundError);
      await assert.rejects(t.om.models.tag('tagged', 'latest'), invalid(/invalid tag/));
      await assert.rejects(t.om.models.tag('tagged', 'bad tag'), invalid(/invalid tag/));
      await assert.rejects(t.om.datasets.tag('attr-json', 'x'), invalid(/no versions/));
      assert.equal((await t.om.models.revisions('tagged')).length, 2);
    });
  });
}
