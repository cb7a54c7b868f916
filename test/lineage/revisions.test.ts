// Every write to a dataset advances kindMeta.revision (API.md §14), in the write's own
// transaction, whatever path it takes: put (rows, Arrow, streamed chunks, json, file, Readable),
// append and replace, file import, CLI and REST puts, a promotion into it, a stored prediction.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { tableFromArrays } from 'apache-arrow';
import { RowChunks, ValidationError } from '../../src/index.js';
import { createServer } from '../../src/server/index.js';
import { cliSite } from '../cli/om-cli.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { IRIS_ROWS, trainedTree } from '../promotion/pairs.js';

for (const engine of ENGINES) {
  describe(`dataset revisions (${engine})`, () => {
    const t = suiteContext(engine);
    const revision = async (name: string) => (await t.om.datasets.metadata(name))?.kindMeta.revision;

    it('the first write is revision 1; every put, append, replace and kind change adds one', async () => {
      const ds = t.om.datasets;
      assert.equal((await ds.put([{ a: 1 }], 'r')).kindMeta.revision, 1);
      assert.equal((await ds.put([{ a: 2 }], 'r')).kindMeta.revision, 2, 'an append');
      assert.equal((await ds.put([{ a: 3 }], 'r', { append: false })).kindMeta.revision, 3, 'append: false');
      assert.equal((await ds.put([{ b: 'x' }], 'r', { replace: true })).kindMeta.revision, 4, 'replace');
      assert.equal((await ds.put(tableFromArrays({ b: ['y'] }), 'r')).kindMeta.revision, 5, 'an Arrow table');
      const chunks = new RowChunks(
        (async function* () {
          yield [{ b: 'z' }];
          yield [{ b: 'w' }];
        })(),
      );
      assert.equal((await ds.put(chunks, 'r')).kindMeta.revision, 6, 'streamed chunks: one write');
      assert.equal((await ds.put({ k: 1 }, 'r', { kind: 'json' })).kindMeta.revision, 7, 'another kind');
      assert.equal((await ds.put(Buffer.from('bytes'), 'r')).kindMeta.revision, 8, 'a file');
      assert.equal((await ds.put(Readable.from([Buffer.from('more')]), 'r')).kindMeta.revision, 9, 'a stream');
      assert.equal(
        (await ds.setAttributes('r', { owner: 'me' })).kindMeta.revision,
        9,
        'attributes are no write of data',
      );
    });

    it('a write that fails advances nothing', async () => {
      await t.om.datasets.put([{ a: 1 }], 'failing');
      await assert.rejects(t.om.datasets.put([{ other: 1 }], 'failing'), ValidationError);
      assert.equal(await revision('failing'), 1);
    });

    it('file imports, promotions into a dataset and stored predictions are writes too', async () => {
      const csv = join(t.site.home, 'rows.csv');
      writeFileSync(csv, 'a,b\n1,x\n2,y\n');
      assert.equal((await t.om.datasets.importFile(csv, 'imported')).kindMeta.revision, 1);
      assert.equal((await t.om.datasets.importFile(csv, 'imported')).kindMeta.revision, 2);

      const prod = t.om.bucket('prod');
      await prod.datasets.put([{ a: 0, b: 'old' }], 'imported');
      const promoted = await t.om.datasets.promote('imported', prod.datasets);
      assert.equal(promoted.metadata?.kindMeta.revision, 2, "the target's own revision advances (1 → 2)");

      await t.om.models.put(trainedTree(), 'tree');
      const rows = IRIS_ROWS.slice(0, 4).map(({ sl, sw, pl, pw }) => [sl, sw, pl, pw]);
      await t.om.runtime.model('tree').predict(rows, { resultName: 'predicted' });
      await t.om.runtime.model('tree').predict(rows, { resultName: 'predicted' });
      assert.equal(await revision('predicted'), 2);
    });

    it('CLI and REST puts advance it', async () => {
      const cli = cliSite(engine);
      try {
        const file = join(cli.home, 'rows.csv');
        writeFileSync(file, 'a\n1\n2\n');
        for (const expected of [1, 2]) {
          const put = await cli.omc(['--json', 'datasets', 'put', file, 'from-cli']);
          assert.equal(put.status, 0, put.stderr);
          assert.equal(JSON.parse(put.out).kindMeta.revision, expected);
        }
      } finally {
        await cli.cleanup();
      }
      const app = await createServer({ auth: false, contexts: [t.om] });
      try {
        const json = await app.inject({
          method: 'PUT',
          url: '/api/v1/dataset/from-rest',
          payload: { data: [{ a: 1 }] },
        });
        assert.equal(json.statusCode, 200, json.body);
        assert.equal(json.json().result.kindMeta.revision, 1);
        const streamed = await app.inject({
          method: 'PUT',
          url: '/api/v1/dataset/from-rest',
          headers: { 'content-type': 'text/csv' },
          payload: 'a\n2\n3\n',
        });
        assert.equal(streamed.statusCode, 200, streamed.body);
        assert.equal(streamed.json().result.kindMeta.revision, 2);
      } finally {
        await app.close();
      }
    });
  });
}
