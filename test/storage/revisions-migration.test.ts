import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { SetupOptions } from '../../src/config/context-spec.js';
import { setup } from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';
import { execRaw } from '../promotion/pairs.js';
import { sha256 } from './raw.js';

const bytes = (text: string) => Buffer.from(text);

/** A model row as migrations 0001–0003 kept it: every version and tag inside kind_meta. */
function oldModelRow(texts: string[], tags: Record<string, number>, created: string): Record<string, unknown> {
  const meta = (text: string) => ({ sha256: sha256(bytes(text)), size: bytes(text).length });
  const newest = texts.at(-1) as string;
  return {
    ...meta(newest),
    version: sha256(bytes(newest)),
    revisions: texts.map((text) => ({ version: sha256(bytes(text)), kind: 'file', kindMeta: meta(text), created })),
    tags: {
      latest: sha256(bytes(newest)),
      ...Object.fromEntries(Object.entries(tags).map(([tag, i]) => [tag, sha256(bytes(texts[i] as string))])),
    },
  };
}

for (const engine of ENGINES) {
  describe(`migration of inline revisions (${engine})`, () => {
    let site: TestSite | undefined;
    after(() => site?.cleanup());

    it('a context written with revisions in kind_meta reads its versions and tags after the upgrade', async () => {
      site = testSite(engine);
      const options: SetupOptions = site.context();
      const texts = ['one', 'two', 'three'];
      // The blobs, through today's API (datasets keep no versions); then the old layout by hand.
      const om = await setup(options);
      for (const text of texts) await om.datasets.put(bytes(text), `seed-${text}`);
      const location = om.spec.store;
      await om.close();
      for (const statement of [
        'drop table omega_revision',
        'drop table omega_revision_tag',
        "delete from omega_migration where name = '0004_revisions'",
      ]) {
        await execRaw(location, statement);
      }
      const created = '2026-01-02T03:04:05.000Z';
      const kindMeta = oldModelRow(texts, { prod: 1, old: 0 }, created);
      await execRaw(
        location,
        `insert into omega_metadata (bucket, prefix, name, kind, kind_meta, attributes, created, modified)
         values ('default', 'models/', 'legacy', 'file', ?, '{"owner":"me"}', ?, ?)`,
        [JSON.stringify(kindMeta), created, created],
      );

      const upgraded = await setup(options);
      try {
        const models = upgraded.models;
        assert.deepEqual(
          (await models.revisions('legacy')).map((r) => [r.version, r.tags, r.created.toISOString()]),
          [
            [sha256(bytes('one')), ['old'], created],
            [sha256(bytes('two')), ['prod'], created],
            [sha256(bytes('three')), ['latest'], created],
          ],
        );
        assert.deepEqual(await models.get('legacy'), bytes('three'));
        assert.deepEqual(await models.get('legacy@prod'), bytes('two'));
        assert.deepEqual(await models.get('legacy^^'), bytes('one'));
        const meta = await models.metadata('legacy');
        assert.deepEqual(meta?.kindMeta, { sha256: sha256(bytes('three')), size: 5, version: sha256(bytes('three')) });
        assert.deepEqual(meta?.attributes, { owner: 'me' });
        // The history goes on from where the old layout left it.
        await models.put(bytes('four'), 'legacy', { tag: 'prod' });
        assert.deepEqual(
          (await models.revisions('legacy')).map((r) => r.tags),
          [['old'], [], [], ['latest', 'prod']],
        );
        assert.deepEqual(await models.get('legacy^'), bytes('three'));
        assert.deepEqual(await upgraded.datasets.get('seed-two'), bytes('two'));
      } finally {
        await upgraded.close();
      }
    });
  });
}
