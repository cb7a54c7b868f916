import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { type CliSite, cliSite, errorLines } from './om-cli.js';

const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

for (const engine of ENGINES) {
  describe(`om <store> list, metadata, drop (${engine})`, () => {
    let site: CliSite;
    let valueFile: string;
    before(async () => {
      site = cliSite(engine);
      valueFile = join(site.home, 'value.json');
      writeFileSync(valueFile, '{"answer": 42}');
      // Seeded through the API: put itself is tested in datasets-transfer.test.ts.
      const om = await setup({ home: site.home, context: site.contextName });
      try {
        for (const name of ['sales/eu', 'sales/us', 'other', '.hidden', '_temp'])
          await om.datasets.put({ answer: 42 }, name);
      } finally {
        await om.close();
      }
    });
    after(() => site.cleanup());

    it('lists names one per line, sorted, without hidden and temp ones', async () => {
      const list = await site.omc(['datasets', 'list']);
      assert.equal(list.status, 0, list.stderr);
      assert.equal(list.out, 'other\nsales/eu\nsales/us\n');
    });

    it('lists as a JSON array with --json', async () => {
      const list = await site.omc(['--json', 'datasets', 'list']);
      assert.equal(list.status, 0, list.stderr);
      assert.deepEqual(JSON.parse(list.out), ['other', 'sales/eu', 'sales/us']);
    });

    it('filters by an anchored pattern, a regexp, and includes hidden and temp names on request', async () => {
      assert.deepEqual(JSON.parse((await site.omc(['--json', 'datasets', 'list', 'sales/*'])).out), [
        'sales/eu',
        'sales/us',
      ]);
      assert.deepEqual(JSON.parse((await site.omc(['--json', 'datasets', 'list', 'sales'])).out), []);
      assert.deepEqual(JSON.parse((await site.omc(['--json', 'datasets', 'list', '--regexp', 'u[s]$'])).out), [
        'sales/us',
      ]);
      const all = await site.omc(['--json', 'datasets', 'list', '--hidden', '--temp']);
      assert.deepEqual(JSON.parse(all.out), ['.hidden', '_temp', 'other', 'sales/eu', 'sales/us']);
    });

    it('lists metadata with --raw', async () => {
      const raw = await site.omc(['--json', 'datasets', 'list', 'sales/*', '--raw']);
      assert.equal(raw.status, 0, raw.stderr);
      const metas = JSON.parse(raw.out);
      assert.deepEqual(
        metas.map((m: { name: string; kind: string }) => [m.name, m.kind]),
        [
          ['sales/eu', 'json'],
          ['sales/us', 'json'],
        ],
      );
      assert.match(metas[0].modified, ISO_DATE);
      const plain = await site.omc(['datasets', 'list', 'other', '--raw']);
      assert.match(plain.out, /^NAME\s+KIND\s+SIZE\s+MODIFIED\nother\s+json\s+\d+ bytes\s+\d{4}-\d\d-\d\dT\S+Z\n$/);
    });

    it('prints metadata, as lines or as JSON', async () => {
      const plain = await site.omc(['datasets', 'metadata', 'other']);
      assert.equal(plain.status, 0, plain.stderr);
      const lines = plain.out.split('\n');
      for (const line of ['name: other', 'bucket: default', 'prefix: data/', 'kind: json']) {
        assert.ok(lines.includes(line), `missing ${line} in ${plain.out}`);
      }
      const json = JSON.parse((await site.omc(['--json', 'datasets', 'metadata', 'other'])).out);
      assert.equal(json.name, 'other');
      assert.equal(json.prefix, 'data/');
      assert.match(json.created, ISO_DATE);
      assert.equal(typeof json.kindMeta.sha256, 'string');
    });

    it('metadata of a missing object is one error line naming it, exit 1, no stack', async () => {
      const missing = await site.omc(['datasets', 'metadata', 'nowhere/to/be/found']);
      assert.equal(missing.status, 1);
      const lines = errorLines(missing);
      assert.equal(lines.length, 1, missing.stderr);
      assert.match(lines[0] ?? '', /^error: data\/nowhere\/to\/be\/found \(bucket default\) does not exist/);
      assert.equal(missing.out, '');
    });

    it('--debug adds the stack to the error line', async () => {
      const missing = await site.omc(['--debug', 'datasets', 'get', 'nowhere', '-']);
      assert.equal(missing.status, 1);
      const lines = errorLines(missing);
      assert.match(lines[0] ?? '', /^error: data\/nowhere /);
      assert.ok(lines.length > 2, missing.stderr);
      assert.ok(
        lines.some((line) => line.startsWith('NotFoundError: ')),
        missing.stderr,
      );
      assert.ok(
        lines.some((line) => /^\s+at /.test(line)),
        missing.stderr,
      );
    });

    it('drops an object; dropping a missing one fails unless --force', async () => {
      assert.equal((await site.omc(['datasets', 'put', valueFile, 'doomed'])).status, 0);
      const drop = await site.omc(['datasets', 'drop', 'doomed']);
      assert.equal(drop.status, 0, drop.stderr);
      assert.match(drop.out, /dropped data\/doomed/);
      assert.equal((await site.omc(['datasets', 'list', 'doomed'])).out, '');

      const again = await site.omc(['datasets', 'drop', 'doomed']);
      assert.equal(again.status, 1);
      const lines = errorLines(again);
      assert.equal(lines.length, 1, again.stderr);
      assert.match(lines[0] ?? '', /^error: .*doomed.* does not exist/);

      const forced = await site.omc(['--json', 'datasets', 'drop', 'doomed', '--force']);
      assert.equal(forced.status, 0, forced.stderr);
      assert.equal(JSON.parse(forced.out), false);
    });

    it('a bad name is exit 1 with a message saying what is wrong', async () => {
      for (const args of [
        ['datasets', 'put', valueFile, 'a/../b'],
        ['datasets', 'get', 'a/../b', '-'],
        ['datasets', 'drop', 'a/../b'],
        ['models', 'metadata', 'a/../b'],
      ]) {
        const bad = await site.omc(args);
        assert.equal(bad.status, 1, args.join(' '));
        const lines = errorLines(bad);
        assert.equal(lines.length, 1, bad.stderr);
        assert.match(lines[0] ?? '', /^error: object name "a\/\.\.\/b" has an empty, '\.' or '\.\.' folder segment$/);
      }
    });

    it('the other stores have their own namespace', async () => {
      assert.deepEqual(JSON.parse((await site.omc(['--json', 'models', 'list'])).out), []);
      const missing = await site.omc(['scripts', 'metadata', 'other']);
      assert.equal(missing.status, 1);
      assert.match(errorLines(missing)[0] ?? '', /^error: scripts\/other \(bucket default\) does not exist/);
    });

    it('--bucket isolates objects, and om buckets lists the buckets in use', async () => {
      const put = await site.omc(['--bucket', 'x', 'datasets', 'put', valueFile, 'only-in-x']);
      assert.equal(put.status, 0, put.stderr);
      assert.match(put.out, /\(bucket x\)/);
      assert.deepEqual(JSON.parse((await site.omc(['--json', '--bucket', 'x', 'datasets', 'list'])).out), [
        'only-in-x',
      ]);
      assert.equal((await site.omc(['datasets', 'list', 'only-in-x'])).out, '');
      assert.equal((await site.omc(['datasets', 'get', 'only-in-x', '-'])).status, 1);

      const buckets = await site.omc(['buckets']);
      assert.equal(buckets.status, 0, buckets.stderr);
      assert.equal(buckets.out, 'default\nx\n');
      assert.deepEqual(JSON.parse((await site.omc(['--json', 'buckets'])).out), ['default', 'x']);
    });

    it('an invalid --bucket is exit 1 with a message saying what is wrong', async () => {
      const bad = await site.omc(['--bucket', 'no/slashes', 'datasets', 'list']);
      assert.equal(bad.status, 1);
      assert.match(errorLines(bad).join('\n'), /^error: invalid bucket name "no\/slashes": /);
    });

    it('--context selects another context', async () => {
      assert.equal((await site.om(['contexts', 'create', 'elsewhere'])).status, 0);
      const other = await site.om(['--context', 'elsewhere', '--json', 'datasets', 'list']);
      assert.equal(other.status, 0, other.stderr);
      assert.deepEqual(JSON.parse(other.out), []);
      // The config's default context is the test's.
      assert.deepEqual(JSON.parse((await site.om(['--json', 'datasets', 'list', 'other'])).out), ['other']);
    });
  });
}
