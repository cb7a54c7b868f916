import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { sha256 } from '../storage/raw.js';

const bytes = (text: string) => Buffer.from(text);
const VERSIONS = 150;

for (const engine of ENGINES) {
  describe(`revisions table (${engine})`, () => {
    const t = suiteContext(engine);

    it('a model with many versions: ^ counts back, tags move, @prefix and revisions() see them all', async () => {
      for (let v = 0; v < VERSIONS; v++) {
        const tag = v === 10 ? 'ten' : v % 50 === 0 ? 'fifty' : undefined;
        await t.om.models.put(bytes(`v${v}`), 'many', tag === undefined ? {} : { tag });
      }
      const last = VERSIONS - 1;
      assert.deepEqual(await t.om.models.get('many'), bytes(`v${last}`));
      assert.deepEqual(await t.om.models.get('many^'), bytes(`v${last - 1}`));
      assert.deepEqual(await t.om.models.get(`many${'^'.repeat(last)}`), bytes('v0'));
      await assert.rejects(t.om.models.get(`many${'^'.repeat(VERSIONS)}`), (error: unknown) => {
        assert.ok(error instanceof NotFoundError);
        assert.match(error.message, new RegExp(`has ${VERSIONS} version\\(s\\)`));
        return true;
      });
      assert.deepEqual(await t.om.models.get('many@ten'), bytes('v10'));
      assert.deepEqual(
        await t.om.models.get('many@fifty'),
        bytes('v100'),
        'the tag moved to the newest put that set it',
      );
      assert.deepEqual(await t.om.models.get(`many@${sha256(bytes('v42')).slice(0, 10)}`), bytes('v42'));
      const revisions = await t.om.models.revisions('many');
      assert.equal(revisions.length, VERSIONS);
      assert.deepEqual(
        revisions.flatMap((r, i) => (r.tags.length > 0 ? [[i, r.tags]] : [])),
        [
          [10, ['ten']],
          [100, ['fifty']],
          [last, ['latest']],
        ],
      );
      assert.deepEqual(
        revisions.map((r) => r.version),
        Array.from({ length: VERSIONS }, (_, v) => sha256(bytes(`v${v}`))),
      );
    });

    it('the metadata row carries the latest version only, never the history', async () => {
      const meta = await t.om.models.metadata('many');
      assert.equal(meta?.kindMeta.version, sha256(bytes(`v${VERSIONS - 1}`)));
      assert.equal('revisions' in (meta?.kindMeta ?? {}), false);
      assert.equal('tags' in (meta?.kindMeta ?? {}), false);
      const old = await t.om.models.metadata('many@ten');
      assert.deepEqual(old?.kindMeta, { sha256: sha256(bytes('v10')), size: 3, version: sha256(bytes('v10')) });
      assert.deepEqual(
        (await t.om.models.list('man*', { raw: true })).map((m) => m.kindMeta),
        [meta?.kindMeta],
      );
    });

    it('a version put again is a new revision carrying its tags; ^ walks revisions', async () => {
      await t.om.models.put(bytes('a'), 'again', { tag: 'first' });
      await t.om.models.put(bytes('b'), 'again');
      await t.om.models.put(bytes('a'), 'again');
      assert.deepEqual(
        (await t.om.models.revisions('again')).map((r) => [r.version, r.tags]),
        [
          [sha256(bytes('a')), []],
          [sha256(bytes('b')), []],
          [sha256(bytes('a')), ['latest', 'first']],
        ],
      );
      assert.deepEqual(await t.om.models.get('again^'), bytes('b'));
      assert.deepEqual(await t.om.models.get('again^^'), bytes('a'));
    });

    it('drop and replace forget the history and the tags', async () => {
      await t.om.models.put(bytes('d1'), 'gone', { tag: 'keep' });
      await t.om.models.put(bytes('d2'), 'gone');
      await t.om.models.drop('gone');
      await t.om.models.put(bytes('d3'), 'gone');
      assert.deepEqual(
        (await t.om.models.revisions('gone')).map((r) => r.tags),
        [['latest']],
      );
      await assert.rejects(t.om.models.get('gone@keep'), NotFoundError);
      await t.om.models.put(bytes('d4'), 'gone', { tag: 'keep' });
      await t.om.models.put(bytes('d5'), 'gone', { replace: true });
      assert.deepEqual(
        (await t.om.models.revisions('gone')).map((r) => r.version),
        [sha256(bytes('d5'))],
      );
      await assert.rejects(t.om.models.get('gone@keep'), NotFoundError);
    });

    it('each bucket keeps its own versions of a name', async () => {
      const other = t.om.bucket('other');
      await t.om.models.put(bytes('m'), 'shared-name');
      await other.models.put(bytes('o1'), 'shared-name');
      await other.models.put(bytes('o2'), 'shared-name');
      assert.equal((await t.om.models.revisions('shared-name')).length, 1);
      assert.equal((await other.models.revisions('shared-name')).length, 2);
    });
  });
}
