// A writer that dies (SIGKILL: no clean-up, no finally) never damages what was committed:
// blobs become visible only when complete, and metadata only on COMMIT.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { childSuite } from './children.js';
import { rawStore, sha256 } from './raw.js';

for (const engine of ENGINES) {
  describe(`killed writers (${engine})`, () => {
    const t = childSuite(engine);

    it('a process killed in the middle of a large file put leaves the previous object intact', {
      timeout: 60_000,
    }, async () => {
      const ctx = t.site.context();
      const store = ctx.store as string;
      const raw = rawStore(t.site.home, store);
      const versionA = randomBytes(3 * 1024 * 1024 + 17);
      const om = await setup(ctx);
      await om.datasets.put(versionA, 'big');
      await om.close();
      const rowsBefore = await raw.metadataRows('big');
      const blobsBefore = await raw.blobHashes();
      assert.deepEqual(blobsBefore, [sha256(versionA)]);

      const child = t.start('slow-put.ts', [t.site.home, store, 'big', '256', '8']);
      await child.waitFor('PROGRESS');
      child.process.kill('SIGKILL');
      const exit = await child.exited;
      assert.equal(exit.signal, 'SIGKILL', child.describe(exit));
      assert.ok(!child.lines.includes('DONE'), 'the put must not have completed');

      // The child really was killed mid-write: part of its upload reached storage…
      assert.ok((await raw.partialBytes()) > 0, 'some bytes of the interrupted upload were stored');
      // …but neither a blob nor a metadata change became visible.
      assert.deepEqual(await raw.blobHashes(), blobsBefore);
      assert.deepEqual(await raw.metadataRows('big'), rowsBefore);

      const fresh = await setup(ctx);
      try {
        const got = await fresh.datasets.get('big');
        assert.ok(Buffer.isBuffer(got));
        assert.equal(sha256(got), sha256(versionA), 'the previous version is returned byte-exactly');
        assert.equal((await fresh.datasets.metadata('big'))?.kindMeta.sha256, sha256(versionA));

        const versionB = randomBytes(2 * 1024 * 1024 + 5);
        const meta = await fresh.datasets.put(versionB, 'big');
        assert.deepEqual(meta.kindMeta, { sha256: sha256(versionB), size: versionB.length, revision: 2 });
        const gotB = await fresh.datasets.get('big');
        assert.ok(Buffer.isBuffer(gotB));
        assert.equal(sha256(gotB), sha256(versionB));
      } finally {
        await fresh.close();
      }
      assert.equal((await raw.metadataRows('big')).length, 1);
    });

    it('a process killed inside its commit transaction leaves the previous object and releases the lock', {
      timeout: 60_000,
    }, async () => {
      const ctx = t.site.context();
      const store = ctx.store as string;
      const raw = rawStore(t.site.home, store);
      const om = await setup(ctx);
      await om.datasets.put({ version: 'A' }, 'config');
      await om.close();
      const rowsBefore = await raw.metadataRows('config');

      const child = t.start('hold-write.ts', [t.site.home, store, 'config']);
      await child.waitFor('IN_TRANSACTION');
      child.process.kill('SIGKILL');
      const exit = await child.exited;
      assert.equal(exit.signal, 'SIGKILL', child.describe(exit));
      assert.ok(!child.lines.includes('DONE'));

      assert.deepEqual(await raw.metadataRows('config'), rowsBefore, 'the uncommitted row was rolled back');
      const fresh = await setup(ctx); // SQLite: migrating takes the write lock the child held
      try {
        assert.deepEqual(await fresh.datasets.get('config'), { version: 'A' });
        await fresh.datasets.put({ version: 'B' }, 'config');
        assert.deepEqual(await fresh.datasets.get('config'), { version: 'B' });
        assert.deepEqual(await fresh.datasets.list(), ['config']);
      } finally {
        await fresh.close();
      }
    });
  });
}
