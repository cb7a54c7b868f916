import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { cliSuite, corruptBlob, errorLines } from './om-cli.js';

for (const engine of ENGINES) {
  describe(`om datasets put/get (${engine})`, () => {
    const t = cliSuite(engine);

    it('round-trips a .json file as kind json, to a file and to stdout', async () => {
      const text = `${JSON.stringify({ threshold: 0.7, tags: ['a', 'b'], nested: { none: null } }, null, 2)}\n`;
      const input = join(t.files, 'config.json');
      writeFileSync(input, text);
      const put = await t.site.omc(['--json', 'datasets', 'put', input, 'config']);
      assert.equal(put.status, 0, put.stderr);
      const meta = JSON.parse(put.out);
      assert.equal(meta.name, 'config');
      assert.equal(meta.kind, 'json');
      assert.equal(meta.bucket, 'default');

      const output = join(t.files, 'config.out.json');
      const toFile = await t.site.omc(['datasets', 'get', 'config', output]);
      assert.equal(toFile.status, 0, toFile.stderr);
      assert.equal(readFileSync(output, 'utf8'), text);
      const toStdout = await t.site.omc(['datasets', 'get', 'config', '-']);
      assert.equal(toStdout.status, 0, toStdout.stderr);
      assert.equal(toStdout.out, text);
    });

    it('round-trips any other file as kind file, byte-exact', async () => {
      // Over 1 MiB and not a multiple of it: several PostgreSQL chunks, the last one short.
      const bytes = randomBytes(3 * 1024 * 1024 + 17);
      const input = join(t.files, 'image.png');
      writeFileSync(input, bytes);
      const put = await t.site.omc(['datasets', 'put', input, 'images/logo']);
      assert.equal(put.status, 0, put.stderr);
      assert.match(put.out, /images\/logo.* as file, 3145745 bytes/);

      const output = join(t.files, 'logo.out');
      const toFile = await t.site.omc(['datasets', 'get', 'images/logo', output]);
      assert.equal(toFile.status, 0, toFile.stderr);
      assert.ok(readFileSync(output).equals(bytes), 'the written file differs from the input');
      const toStdout = await t.site.omc(['datasets', 'get', 'images/logo', '-']);
      assert.equal(toStdout.status, 0, toStdout.stderr);
      assert.ok(toStdout.stdout.equals(bytes), 'stdout differs from the input');
    });

    it('stores stdin as bytes with -', async () => {
      const bytes = Buffer.concat([Buffer.from('{"not": "parsed"}'), randomBytes(1000)]);
      const put = await t.site.omc(['--json', 'datasets', 'put', '-', 'from-stdin'], bytes);
      assert.equal(put.status, 0, put.stderr);
      assert.equal(JSON.parse(put.out).kind, 'file');
      const get = await t.site.omc(['datasets', 'get', 'from-stdin', '-']);
      assert.equal(get.status, 0, get.stderr);
      assert.ok(get.stdout.equals(bytes), 'stdout differs from stdin');
    });

    it('--replace drops the attributes a plain put keeps', async () => {
      const om = await setup({ home: t.site.home, context: t.site.contextName });
      try {
        await om.datasets.put({ v: 0 }, 'owned', { attributes: { owner: 'me' } });
      } finally {
        await om.close();
      }
      const input = join(t.files, 'value.json');
      writeFileSync(input, '[1, 2, 3]');
      const kept = await t.site.omc(['--json', 'datasets', 'put', input, 'owned']);
      assert.equal(kept.status, 0, kept.stderr);
      assert.deepEqual(JSON.parse(kept.out).attributes, { owner: 'me' });
      const replaced = await t.site.omc(['--json', 'datasets', 'put', input, 'owned', '--replace']);
      assert.equal(replaced.status, 0, replaced.stderr);
      assert.deepEqual(JSON.parse(replaced.out).attributes, {});
      assert.equal(
        (await t.site.omc(['datasets', 'get', 'owned', '-'])).out,
        `${JSON.stringify([1, 2, 3], null, 2)}\n`,
      );
    });

    it('a .json file that is not JSON is an error naming the file; nothing is stored', async () => {
      const input = join(t.files, 'broken.json');
      writeFileSync(input, '{"a": ');
      const put = await t.site.omc(['datasets', 'put', input, 'broken']);
      assert.equal(put.status, 1);
      const lines = errorLines(put);
      assert.equal(lines.length, 1, put.stderr);
      assert.match(lines[0] ?? '', /^error: .*broken\.json is not valid JSON/);
      assert.equal((await t.site.omc(['datasets', 'metadata', 'broken'])).status, 1);
    });

    it('a missing input file is an error naming it', async () => {
      const put = await t.site.omc(['datasets', 'put', join(t.files, 'absent.bin'), 'absent']);
      assert.equal(put.status, 1);
      assert.deepEqual(errorLines(put), [
        `error: cannot read ${join(t.files, 'absent.bin')}: no such file or directory`,
      ]);
    });

    it('get of a missing dataset fails and creates no file', async () => {
      const output = join(t.files, 'never.out');
      const get = await t.site.omc(['datasets', 'get', 'never-stored', output]);
      assert.equal(get.status, 1);
      const lines = errorLines(get);
      assert.equal(lines.length, 1, get.stderr);
      assert.match(lines[0] ?? '', /^error: .*never-stored.* does not exist/);
      assert.equal(existsSync(output), false);
    });

    it('a corrupted read leaves neither a partial nor a changed output file', async () => {
      const input = join(t.files, 'fragile.bin');
      writeFileSync(input, randomBytes(2 * 1024 * 1024 + 5));
      assert.equal((await t.site.omc(['datasets', 'put', input, 'fragile'])).status, 0);
      const meta = JSON.parse((await t.site.omc(['--json', 'datasets', 'metadata', 'fragile'])).out);
      await corruptBlob(engine, t.site, String(meta.kindMeta.sha256));

      const outDir = join(t.files, 'out');
      mkdirSync(outDir);
      const existing = join(outDir, 'existing.bin');
      writeFileSync(existing, 'previous content');
      const overwrite = await t.site.omc(['datasets', 'get', 'fragile', existing]);
      assert.equal(overwrite.status, 1);
      const lines = errorLines(overwrite);
      assert.equal(lines.length, 1, overwrite.stderr);
      assert.match(lines[0] ?? '', /^error: data\/fragile .*corrupted/);
      assert.equal(readFileSync(existing, 'utf8'), 'previous content');

      const fresh = await t.site.omc(['datasets', 'get', 'fragile', join(outDir, 'fresh.bin')]);
      assert.equal(fresh.status, 1);
      assert.deepEqual(readdirSync(outDir), ['existing.bin'], 'no partial or temporary file is left behind');
    });
  });
}
