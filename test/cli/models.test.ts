import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ENGINES } from '../helpers/engines.js';
import { linearModel } from '../models/onnx/onnx-builder.js';
import { cliSuite, errorLines } from './om-cli.js';

for (const engine of ENGINES) {
  describe(`om models (${engine})`, () => {
    const t = cliSuite(engine);

    it('puts an .onnx file as a tagged version, lists revisions and gets a version back byte-exact', async () => {
      const input = join(t.files, 'linear.onnx');
      const bytes = linearModel();
      writeFileSync(input, bytes);
      const put = await t.site.omc(['--json', 'models', 'put', input, 'linear', '--tag', 'v1']);
      assert.equal(put.status, 0, put.stderr);
      const meta = JSON.parse(put.out);
      assert.equal(meta.kind, 'onnx');
      const revisions = await t.site.omc(['--json', 'models', 'revisions', 'linear']);
      assert.equal(revisions.status, 0, revisions.stderr);
      assert.deepEqual(
        JSON.parse(revisions.out).map((r: { version: string; tags: string[] }) => [r.version, r.tags]),
        [[meta.kindMeta.version, ['latest', 'v1']]],
      );
      const output = join(t.files, 'back.onnx');
      const get = await t.site.omc(['models', 'get', 'linear@v1', output]);
      assert.equal(get.status, 0, get.stderr);
      assert.ok(readFileSync(output).equals(Buffer.from(bytes)));
      assert.match((await t.site.omc(['models', 'list'])).out, /^linear$/m);
    });

    it('a missing version, an unreadable model file and an unknown kind are errors', async () => {
      assert.match(
        errorLines(await t.site.omc(['models', 'get', 'linear@nope', join(t.files, 'x')]))[0] ?? '',
        /no tag or version "nope"/,
      );
      const junk = join(t.files, 'junk.bin');
      writeFileSync(junk, 'junk');
      const put = await t.site.omc(['models', 'put', junk, 'junk']);
      assert.equal(put.status, 1);
      assert.match(errorLines(put)[0] ?? '', /not a model file any kind reads; give --kind/);
      assert.match(errorLines(await t.site.omc(['models', 'put', junk, 'junk', '--kind', 'onnx']))[0] ?? '', /ONNX/);
      assert.match(
        errorLines(await t.site.omc(['models', 'put', junk, 'junk', '--kind', 'sklearn']))[0] ?? '',
        /unknown model kind "sklearn"/,
      );
    });
  });
}
