// gc (API.md §14): removes blobs and killed uploads that nothing references, reports the bytes
// freed, and never removes a blob that a put writes while it runs, on both engines.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Omega, setup, ValidationError } from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';
import { classifierModel, linearModel } from '../models/onnx/onnx-builder.js';
import { rawStore } from '../storage/raw.js';
import { type GcRaw, gcRaw } from './gc-raw.js';

const JUNK = 60;

for (const engine of ENGINES) {
  describe(`gc (${engine})`, () => {
    let site: TestSite;
    let om: Omega;
    let raw: GcRaw;
    let store: string;
    before(async () => {
      site = testSite(engine);
      const spec = site.context();
      store = spec.store as string;
      om = await setup(spec);
      raw = gcRaw(site.home, store);
    });
    after(async () => {
      await om?.close();
      await site?.cleanup();
    });

    /** Blobs that were referenced once (dropped, replaced) and a killed upload, all old. */
    async function garbage(): Promise<{ contents: Buffer[]; bytes: number }> {
      const contents = Array.from({ length: JUNK }, () => randomBytes(1000 + Math.floor(Math.random() * 1000)));
      for (const [i, bytes] of contents.entries()) await om.datasets.put(bytes, `junk/${i}`);
      for (let i = 0; i < JUNK; i++) await om.datasets.drop(`junk/${i}`);
      await raw.killedUpload(randomBytes(5000));
      await raw.age(3600);
      return { contents, bytes: contents.reduce((sum, b) => sum + b.length, 0) + 5000 };
    }

    it('reports in a dry run, and removes unreferenced blobs and killed uploads, keeping live ones', async () => {
      await om.datasets.put(Buffer.from('live'), 'live');
      // An older version of a model is referenced by its revision, not by the metadata row.
      await om.models.put(Buffer.from(linearModel()), 'linear', { kind: 'onnx', tag: 'first' });
      await om.models.put(Buffer.from(classifierModel()), 'linear', { kind: 'onnx' });
      const { bytes } = await garbage();
      const blobsBefore = await rawStore(site.home, store).blobHashes();
      const dry = await om.gc({ dryRun: true });
      assert.deepEqual(
        { ...dry, started: null },
        { dryRun: true, started: null, blobs: JUNK, staged: 1, freedBytes: bytes },
      );
      assert.deepEqual(await rawStore(site.home, store).blobHashes(), blobsBefore);
      // Within the grace (the default ten minutes) nothing young goes: here everything is an hour old.
      const report = await om.gc();
      assert.deepEqual(
        { ...report, started: null },
        { dryRun: false, started: null, blobs: JUNK, staged: 1, freedBytes: bytes },
      );
      assert.equal((await rawStore(site.home, store).blobHashes()).length, blobsBefore.length - JUNK);
      assert.equal(await rawStore(site.home, store).partialBytes(), 0);
      assert.deepEqual(await om.datasets.get('live'), Buffer.from('live'));
      assert.deepEqual((await om.gc({ graceSeconds: 0 })).freedBytes, 0);
      assert.ok(await om.models.get('linear@first'));
    });

    it('keeps young garbage within the grace', async () => {
      await om.datasets.put(randomBytes(100), 'young');
      await om.datasets.drop('young');
      assert.equal((await om.gc()).blobs, 0);
      await assert.rejects(om.gc({ graceSeconds: -1 }), ValidationError);
    });

    it('counts a blob a promotion reuses as written when it is promoted', async () => {
      const bytes = randomBytes(700);
      await om.datasets.put(bytes, 'reused');
      await om.datasets.drop('reused');
      await raw.age(3600); // garbage, and old
      const other = await setup(site.context('other'));
      try {
        await other.datasets.put(bytes, 'source');
        await other.datasets.promote('source', om.datasets, { asName: 'reused' }); // the target holds the blob: touched
      } finally {
        await other.close();
      }
      await om.datasets.drop('reused');
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      await om.gc({ graceSeconds: 0 });
      assert.ok((await rawStore(site.home, store).blobHashes()).includes(sha256), 'young again');
    });

    it('never removes a blob a put writes while it runs, even one it was about to remove', async () => {
      const { contents } = await garbage();
      const written: { name: string; bytes: Buffer }[] = [];
      let running = true;
      const gc = om.gc({ graceSeconds: 0 }).finally(() => {
        running = false;
      });
      // Puts while gc runs: new content, and content of garbage blobs (the same hash written again).
      for (let i = 0; running || i < 3; i++) {
        const bytes = i % 2 === 0 ? randomBytes(1500) : (contents[i % JUNK] as Buffer);
        await om.datasets.put(bytes, `live/${i}`);
        written.push({ name: `live/${i}`, bytes });
      }
      const report = await gc;
      assert.ok(report.blobs > 0);
      for (const { name, bytes } of written) assert.deepEqual(await om.datasets.get(name), bytes, name);
      // Whatever the puts did not write again is gone by a second gc at the latest.
      await raw.age(3600);
      await om.gc({ graceSeconds: 0 });
      const left = new Set(await rawStore(site.home, store).blobHashes());
      for (const { name } of written) {
        const meta = await om.datasets.metadata(name);
        assert.ok(left.has(String(meta?.kindMeta.sha256)));
      }
    });
  });
}
