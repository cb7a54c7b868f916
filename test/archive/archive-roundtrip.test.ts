// Archives (API.md §14): every kind travels through one .tgz into another context on the other
// engine with byte-identical content (blobs keep their sha256, checked on every read), equal rows
// and equal metadata, every model version and tag included.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { ConflictError, type Metadata, type Omega } from '../../src/index.js';
import { notebookFixture } from '../jobs/job-fixtures.js';
import { CASES, train } from '../models/mljs/fixtures.js';
import { linearModel } from '../models/onnx/onnx-builder.js';
import { ARCHIVE_PAIRS, archivePair } from './archive-context.js';

const SCRIPT = fileURLToPath(new URL('../fixtures/scripts/hello.js', import.meta.url));

/** A table with a column of every type, nulls in each. */
const ROWS = [
  { i: 1, big: 2n ** 60n, f: 1.5, t: 'a', b: true, ts: new Date('2026-01-02T03:04:05.678Z'), j: { k: [1, 'x'] } },
  { i: null, big: null, f: null, t: null, b: null, ts: null, j: null },
  { i: -7, big: -(2n ** 62n), f: -0.25, t: 'é ✓', b: false, ts: new Date('1999-12-31T23:59:59Z'), j: [true] },
];

const FILE = randomBytes(300_000);

async function fill(om: Omega): Promise<void> {
  await om.datasets.put(ROWS, 'sales', { attributes: { owner: 'bi' } });
  await om.datasets.put({ threshold: 0.7 }, 'config', { kind: 'json' });
  await om.datasets.put(FILE, 'images/logo');
  for (const c of CASES) await om.models.put(c.make(), `mljs/${c.className}`);
  const forest = CASES[0]?.make() as { train(X: number[][], y: number[]): void };
  forest.train(train.X, train.classes);
  await om.models.put(forest, 'mljs/RandomForestClassifier', { tag: 'trained', attributes: { dataset: 'sales' } });
  await om.models.put(Buffer.from(linearModel()), 'linear', { kind: 'onnx', tag: 'v1' });
  const net = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  await om.models.put(net, 'net');
  await om.scripts.put(SCRIPT, 'hello');
  await om.jobs.put(notebookFixture('counter.ipynb'), 'counter.ipynb');
}

/** Metadata as the target should have it: the same, but for the bucket and a table's generated name. */
function comparable(meta: Metadata | null): unknown {
  assert.ok(meta);
  const { bucket: _b, kindMeta, ...rest } = meta;
  const { table: _t, ...own } = kindMeta;
  return { ...rest, kindMeta: own };
}

const STORES = ['datasets', 'models', 'scripts', 'jobs'] as const;

for (const { source, target } of ARCHIVE_PAIRS) {
  describe(`archive round trip (${source} → ${target})`, () => {
    const t = archivePair(source, target);

    it('carries every kind, every version and tag, with equal metadata and content', async () => {
      await fill(t.dev);
      const file = t.file('all.omega.tgz');
      const summary = await t.dev.toArchive(
        STORES.map((store) => `${store}/*`),
        file,
      );
      assert.equal(summary.members.length, 3 + CASES.length + 2 + 1 + 1);
      const imported = await t.prod.fromArchive(file);
      assert.deepEqual(imported.members, summary.members);
      assert.deepEqual(imported.replaced, []);

      for (const store of STORES) {
        const names = await t.dev[store].list();
        assert.deepEqual(await t.prod[store].list(), names);
        for (const name of names) {
          const [before, after] = [await t.dev[store].metadata(name), await t.prod[store].metadata(name)];
          assert.deepEqual(comparable(after), comparable(before), `${store}/${name}`);
          if (store === 'models' || store === 'scripts') {
            assert.deepEqual(await t.prod[store].revisions(name), await t.dev[store].revisions(name));
          }
        }
      }
      // Contents: rows equal; blobs read back verified against the same sha256.
      assert.deepEqual(await t.prod.datasets.get('sales'), await t.dev.datasets.get('sales'));
      assert.deepEqual(await t.prod.datasets.get('sales'), ROWS);
      assert.deepEqual(await t.prod.datasets.get('config'), { threshold: 0.7 });
      assert.deepEqual(await t.prod.datasets.get('images/logo'), FILE);
      const X = train.X.slice(0, 5);
      const forest = await t.prod.models.get<{ predict(X: number[][]): number[] }>(
        'mljs/RandomForestClassifier@trained',
      );
      const original = await t.dev.models.get<{ predict(X: number[][]): number[] }>(
        'mljs/RandomForestClassifier@trained',
      );
      assert.deepEqual(forest.predict(X), original.predict(X));
      for (const name of await t.prod.models.list()) await t.prod.models.get(name);
      await t.prod.models.get('mljs/RandomForestClassifier^'); // the untrained version came too
      await t.prod.scripts.get('hello');
      assert.deepEqual(await t.prod.jobs.get('counter.ipynb'), await t.dev.jobs.get('counter.ipynb'));
    });

    it('exports one version with name@tag, and imports one member by name', async () => {
      const file = t.file('one.omega.tgz');
      const summary = await t.dev.models.toArchive('mljs/RandomForestClassifier@trained', file);
      assert.equal(summary.versions, 1);
      await t.prod.models.drop('mljs/RandomForestClassifier');
      await t.prod.models.fromArchive(file, 'mljs/RandomForestClassifier');
      const revisions = await t.prod.models.revisions('mljs/RandomForestClassifier');
      assert.equal(revisions.length, 1);
      assert.deepEqual(revisions[0]?.tags, ['latest', 'trained']);
    });

    it('never replaces an existing object without replace, and replaces all with it', async () => {
      const file = t.file('all.omega.tgz');
      await t.dev.datasets.put([{ i: 9, big: 1n, f: 0, t: 'z', b: true, ts: new Date(0), j: 1 }], 'sales');
      await t.dev.toArchive(['datasets/sales', 'models/linear'], file);
      const before = await t.prod.datasets.metadata('sales');
      await assert.rejects(t.prod.fromArchive(file), (error: unknown) => {
        assert.ok(error instanceof ConflictError);
        assert.match(error.message, /data\/sales, models\/linear already exist in bucket default of context prod/);
        return true;
      });
      assert.deepEqual(await t.prod.datasets.metadata('sales'), before);
      const result = await t.prod.fromArchive(file, { replace: true });
      assert.deepEqual(result.replaced, ['data/sales', 'models/linear']);
      assert.equal((await t.prod.datasets.get<unknown[]>('sales')).length, 4);
    });

    it('imports into the bucket it is asked to', async () => {
      const file = t.file('bucket.omega.tgz');
      await t.dev.toArchive(['datasets/config'], file);
      await t.prod.bucket('staging').fromArchive(file);
      assert.deepEqual(await t.prod.bucket('staging').datasets.get('config'), { threshold: 0.7 });
    });
  });
}
