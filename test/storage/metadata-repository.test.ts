import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseStoreUrl } from '../../src/config/urls.js';
import type { Engine } from '../../src/storage/engine.js';
import { MetadataRepository, type NameSelection } from '../../src/storage/metadata-repository.js';
import { openEngine } from '../../src/storage/open-engine.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';

/** Names whose characters are wildcards or escapes in GLOB or LIKE, and their look-alikes. */
const NAMES = [
  'a%b',
  'a_b',
  'a?b',
  'a[b]',
  'a*b',
  'a\\b',
  'axb',
  'ab',
  'A%B',
  'a%bc',
  'x/y/z',
  '.hidden',
  '_temp',
  'données/été',
];

for (const engine of ENGINES) {
  describe(`metadata repository (${engine})`, () => {
    let site: TestSite;
    let db: Engine;
    let repository: MetadataRepository;
    const names = (pattern?: string, extra: Partial<NameSelection> = {}) =>
      repository.names({ bucket: 'b', prefix: 'data/', pattern, ...extra });

    before(async () => {
      site = testSite(engine);
      db = await openEngine(parseStoreUrl(site.storeUrl(), site.home, 'test'));
      repository = new MetadataRepository(db);
      const now = new Date().toISOString();
      await db.write(async (trx) => {
        for (const [bucket, prefix] of [
          ['b', 'data/'],
          ['other', 'data/'],
          ['b', 'models/'],
        ] as const) {
          for (const name of NAMES) {
            const kind = name.startsWith('a') ? 'json' : 'file';
            const row = { bucket, prefix, name, kind, kind_meta: '{}', attributes: '{}', created: now, modified: now };
            await repository.upsert(trx, row);
          }
        }
      });
    });

    after(async () => {
      await db?.close();
      await site?.cleanup();
    });

    it('a pattern without * is the name itself, every character literal', async () => {
      for (const name of ['a%b', 'a_b', 'a?b', 'a[b]', 'a\\b', 'A%B']) assert.deepEqual(await names(name), [name]);
      assert.deepEqual(await names('a%'), []);
      assert.deepEqual(await names('nope'), []);
    });

    it('* matches any characters, / included; the rest of the pattern is literal and case-sensitive', async () => {
      assert.deepEqual(await names('a%*'), ['a%b', 'a%bc']);
      assert.deepEqual(await names('a_*'), ['a_b']);
      assert.deepEqual(await names('a?*'), ['a?b']);
      assert.deepEqual(await names('a[*'), ['a[b]']);
      assert.deepEqual(await names('*]'), ['a[b]']);
      assert.deepEqual(await names('a[b]*'), ['a[b]']);
      assert.deepEqual(await names('a\\*'), ['a\\b']);
      assert.deepEqual(await names('A*'), ['A%B']);
      assert.deepEqual(await names('*/*'), ['données/été', 'x/y/z']);
      assert.deepEqual(await names('*été'), ['données/été']);
      assert.deepEqual(await names('a*b'), ['a%b', 'a*b', 'a?b', 'a\\b', 'a_b', 'ab', 'axb']);
      assert.deepEqual(await names('a**b'), await names('a*b'));
    });

    it('hides names starting with . and _ unless asked; filters by kind; stays in its bucket and store', async () => {
      const visible = NAMES.filter((n) => !n.startsWith('.') && !n.startsWith('_'));
      assert.deepEqual(await names(), [...visible].sort());
      assert.deepEqual(await names('*'), [...visible].sort());
      assert.deepEqual(await names('*', { hidden: true }), [...visible, '.hidden'].sort());
      assert.deepEqual(await names(undefined, { includeTemp: true }), [...visible, '_temp'].sort());
      assert.deepEqual(await names('_*', { includeTemp: true }), ['_temp']);
      assert.deepEqual(await names('*', { kind: 'file' }), ['A%B', 'données/été', 'x/y/z']);
      assert.deepEqual(await repository.names({ bucket: 'none', prefix: 'data/' }), []);
    });

    it('rows carry the whole row; buckets lists those with objects', async () => {
      const rows = await repository.rows({ bucket: 'b', prefix: 'models/', pattern: 'a_*' });
      assert.deepEqual(
        rows.map((r) => [r.bucket, r.prefix, r.name, r.kind]),
        [['b', 'models/', 'a_b', 'json']],
      );
      assert.deepEqual(await repository.buckets(), ['b', 'other']);
    });

    it('get, read in a transaction, and delete see the same row', async () => {
      const key = { bucket: 'b', prefix: 'data/', name: 'a[b]' };
      assert.equal((await repository.get(key))?.name, 'a[b]');
      await db.write(async (trx) => {
        assert.equal((await repository.read(trx, key))?.name, 'a[b]');
        await repository.delete(trx, key);
        assert.equal(await repository.read(trx, key), undefined);
      });
      assert.equal(await repository.get(key), undefined);
      assert.deepEqual(await names('a[*'), []);
    });
  });
}
