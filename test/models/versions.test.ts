import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntegrityError, NotFoundError, ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { rawStoreAt, sha256 } from '../storage/raw.js';

const bytes = (text: string) => Buffer.from(text);

for (const engine of ENGINES) {
  describe(`model versions (${engine})`, () => {
    const t = suiteContext(engine);

    it('names every put by its content hash; latest, tags, @version and ^ resolve', async () => {
      const v1 = await t.om.models.put(bytes('one'), 'm');
      const v2 = await t.om.models.put(bytes('two'), 'm', { tag: 'prod' });
      await t.om.models.put(bytes('three'), 'm');
      assert.equal(v1.kindMeta.version, sha256(bytes('one')));
      assert.equal(v2.kindMeta.version, sha256(bytes('two')));
      assert.deepEqual(await t.om.models.get('m'), bytes('three'));
      assert.deepEqual(await t.om.models.get('m@latest'), bytes('three'));
      assert.deepEqual(await t.om.models.get('m@prod'), bytes('two'));
      assert.deepEqual(await t.om.models.get('m^'), bytes('two'));
      assert.deepEqual(await t.om.models.get('m^^'), bytes('one'));
      assert.deepEqual(await t.om.models.get(`m@${sha256(bytes('one'))}`), bytes('one'));
      assert.deepEqual(await t.om.models.get(`m@${sha256(bytes('one')).slice(0, 8)}`), bytes('one'));
      const revisions = await t.om.models.revisions('m');
      assert.deepEqual(
        revisions.map((r) => [r.version, r.tags]),
        [
          [sha256(bytes('one')), []],
          [sha256(bytes('two')), ['prod']],
          [sha256(bytes('three')), ['latest']],
        ],
      );
      assert.ok(revisions.every((r) => r.created instanceof Date));
    });

    it('a put equal to the latest adds no revision but moves its tag; tags move', async () => {
      await t.om.models.put(bytes('a'), 'same');
      await t.om.models.put(bytes('a'), 'same', { tag: 'stable', attributes: { note: 'x' } });
      assert.equal((await t.om.models.revisions('same')).length, 1);
      assert.deepEqual((await t.om.models.metadata('same'))?.attributes, { note: 'x' });
      await t.om.models.put(bytes('b'), 'same', { tag: 'stable' });
      assert.deepEqual(await t.om.models.get('same@stable'), bytes('b'));
      assert.deepEqual(
        (await t.om.models.revisions('same')).map((r) => r.tags),
        [[], ['latest', 'stable']],
      );
    });

    it('a version or tag that does not exist is a NotFoundError; bad tags are ValidationErrors', async () => {
      await t.om.models.put(bytes('only'), 'single');
      await assert.rejects(t.om.models.get('single@nope'), NotFoundError);
      await assert.rejects(t.om.models.get('single^'), NotFoundError);
      await assert.rejects(t.om.models.get('single@abcdef0123'), NotFoundError);
      await assert.rejects(t.om.models.get('missing@latest'), NotFoundError);
      await assert.rejects(t.om.models.revisions('missing'), NotFoundError);
      await assert.rejects(t.om.models.put(bytes('x'), 'single', { tag: 'latest' }), ValidationError);
      await assert.rejects(t.om.models.put(bytes('x'), 'single', { tag: 'bad tag' }), ValidationError);
      assert.equal((await t.om.models.revisions('single')).length, 1, 'a refused put adds no version');
    });

    it('replace starts a new history; metadata of a versioned name is the model', async () => {
      await t.om.models.put(bytes('h1'), 'hist');
      await t.om.models.put(bytes('h2'), 'hist');
      await t.om.models.put(bytes('h3'), 'hist', { replace: true });
      assert.equal((await t.om.models.revisions('hist')).length, 1);
      assert.equal((await t.om.models.metadata('hist@latest'))?.name, 'hist');
      assert.equal(await t.om.models.drop('hist'), true);
      await assert.rejects(t.om.models.get('hist@latest'), NotFoundError);
    });

    it('identical bytes in one context are stored once', async () => {
      const a = await t.om.models.put(bytes('shared'), 'x1');
      const b = await t.om.bucket('other').models.put(bytes('shared'), 'x2');
      assert.equal(a.kindMeta.sha256, b.kindMeta.sha256);
    });

    it('a corrupted version is an IntegrityError naming the model and version; other versions still read', async () => {
      await t.om.models.put(bytes('good old'), 'fragile');
      await t.om.models.put(bytes('damaged new'), 'fragile');
      await rawStoreAt(t.om.spec.store).flipByte(sha256(bytes('damaged new')), 0);
      await assert.rejects(t.om.models.get('fragile'), (error: unknown) => {
        assert.ok(error instanceof IntegrityError);
        assert.match(
          error.message,
          new RegExp(`models/fragile \\(bucket default\\) version ${sha256(bytes('damaged new')).slice(0, 12)}`),
        );
        return true;
      });
      assert.deepEqual(await t.om.models.get('fragile^'), bytes('good old'));
    });
  });
}
