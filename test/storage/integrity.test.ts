// Stored bytes are verified against their content hash on every read: damaged bytes are
// reported as IntegrityError naming the object, never returned as if they were the object.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { IntegrityError, type Omega, setup } from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';
import { type RawStore, rawStore, sha256 } from './raw.js';

const MiB = 1024 * 1024;

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function isIntegrityErrorNaming(name: string) {
  return (error: unknown) => {
    assert.ok(error instanceof IntegrityError, `expected an IntegrityError, got ${String(error)}`);
    assert.equal(error.code, 'OMEGA_INTEGRITY');
    assert.match(error.message, new RegExp(`data/${name}\\b`), 'the message names the object');
    return true;
  };
}

for (const engine of ENGINES) {
  describe(`damaged blobs (${engine})`, () => {
    let site: TestSite;
    let om: Omega;
    let raw: RawStore;
    before(async () => {
      site = testSite(engine);
      const ctx = site.context();
      raw = rawStore(site.home, ctx.store as string);
      om = await setup(ctx);
    });
    after(async () => {
      await om.close();
      await site.cleanup();
    });

    it('a changed byte in a file blob makes get reject with IntegrityError naming the object', async () => {
      const bytes = randomBytes(3 * MiB + 100);
      const meta = await om.datasets.put(bytes, 'scans/flipped');
      const intact = randomBytes(1000);
      await om.datasets.put(intact, 'scans/intact');
      // Control: before the damage the object reads back, whole and as a stream.
      assert.ok(bytes.equals((await om.datasets.get('scans/flipped')) as Buffer));
      assert.ok(bytes.equals(await drain((await om.datasets.get('scans/flipped', { as: 'stream' })) as Readable)));

      await raw.flipByte(String(meta.kindMeta.sha256), MiB + 12_345); // in the second PostgreSQL chunk
      await assert.rejects(om.datasets.get('scans/flipped'), isIntegrityErrorNaming('scans/flipped'));
      // Other objects are unaffected.
      assert.ok(intact.equals((await om.datasets.get('scans/intact')) as Buffer));
    });

    it('a stream of a damaged file blob errors instead of ending cleanly', async () => {
      const bytes = randomBytes(2 * MiB + 7);
      const meta = await om.datasets.put(bytes, 'scans/streamed');
      await raw.flipByte(String(meta.kindMeta.sha256), 3);
      const stream = (await om.datasets.get('scans/streamed', { as: 'stream' })) as Readable;
      await assert.rejects(drain(stream), IntegrityError);
    });

    it('a stream of a small damaged blob that is read later fails its reader, never the process', async () => {
      const bytes = randomBytes(4096); // read whole into the stream's buffers before anyone reads
      const meta = await om.datasets.put(bytes, 'scans/later');
      await raw.flipByte(String(meta.kindMeta.sha256), 7);
      const stream = (await om.datasets.get('scans/later', { as: 'stream' })) as Readable;
      // Other work first: an eager stream would meanwhile fail with nobody listening (an uncaught error).
      for (let i = 0; i < 5; i++) await om.datasets.get('scans/flipped').catch(() => undefined);
      for (let i = 0; i < 50; i++) await new Promise(setImmediate);
      await assert.rejects(drain(stream), isIntegrityErrorNaming('scans/later'));
    });

    it('promoting a damaged blob to another bucket is an IntegrityError; the target keeps what it had', async () => {
      const prod = om.bucket('prod');
      const kept = randomBytes(1000);
      await prod.datasets.put(kept, 'scans/promoted');
      const before = await prod.datasets.metadata('scans/promoted');
      const bytes = randomBytes(MiB + 5);
      const meta = await om.datasets.put(bytes, 'scans/promoted');
      await raw.flipByte(String(meta.kindMeta.sha256), MiB + 1);
      await assert.rejects(
        om.datasets.promote('scans/promoted', prod.datasets),
        isIntegrityErrorNaming('scans/promoted'),
      );
      assert.ok(kept.equals((await prod.datasets.get('scans/promoted')) as Buffer));
      assert.deepEqual(await prod.datasets.metadata('scans/promoted'), before);
      // Intact bytes promote as before, sharing the blob.
      await om.datasets.put(bytes, 'scans/promoted');
      await om.datasets.promote('scans/promoted', prod.datasets);
      assert.ok(bytes.equals((await prod.datasets.get('scans/promoted')) as Buffer));
    });

    it('a changed byte in a JSON blob makes get reject with IntegrityError', async () => {
      const meta = await om.datasets.put({ threshold: 0.5, label: 'abcdefgh' }, 'settings');
      await raw.flipByte(String(meta.kindMeta.sha256), 10);
      await assert.rejects(om.datasets.get('settings'), isIntegrityErrorNaming('settings'));
    });

    it('a blob whose bytes are gone is an IntegrityError naming the object, not a NotFoundError', async () => {
      const bytes = randomBytes(MiB + 1);
      const meta = await om.datasets.put(bytes, 'scans/vanished');
      await raw.removeBlob(String(meta.kindMeta.sha256));
      assert.equal(await om.datasets.exists('scans/vanished'), true);
      await assert.rejects(om.datasets.get('scans/vanished'), isIntegrityErrorNaming('scans/vanished'));
      const stream = (await om.datasets.get('scans/vanished', { as: 'stream' })) as Readable;
      await assert.rejects(drain(stream), IntegrityError);
    });

    for (const size of [4096, MiB + 3]) {
      it(`a damaged blob (${size} bytes) shared by two objects fails both; putting the bytes again repairs it`, async () => {
        const bytes = randomBytes(size);
        const meta = await om.datasets.put(bytes, `copies/one-${size}`);
        await om.datasets.put(bytes, `copies/two-${size}`);
        assert.equal(meta.kindMeta.sha256, sha256(bytes));
        await raw.flipByte(sha256(bytes), size - 1);
        await assert.rejects(om.datasets.get(`copies/one-${size}`), isIntegrityErrorNaming(`copies/one-${size}`));
        await assert.rejects(om.datasets.get(`copies/two-${size}`), isIntegrityErrorNaming(`copies/two-${size}`));
        // A put that returns must leave a readable object, even when its content hash was stored before.
        await om.datasets.put(bytes, `copies/one-${size}`);
        assert.ok(bytes.equals((await om.datasets.get(`copies/one-${size}`)) as Buffer));
        assert.ok(bytes.equals((await om.datasets.get(`copies/two-${size}`)) as Buffer));
      });
    }
  });
}
