// Opening an up-to-date store only reads its schema version: while another process holds the
// write lock (a long put or promotion), setup() and reads succeed at once instead of waiting for
// the lock and failing with "database is locked".
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';
import { type Fixture, reap, runFixture } from './children.js';

for (const engine of ENGINES) {
  describe(`opening while another process writes (${engine})`, () => {
    let site: TestSite;
    let child: Fixture | undefined;
    beforeEach(() => {
      site = testSite(engine);
      child = undefined;
    });
    afterEach(async () => {
      reap(child);
      await child?.exited;
      await site.cleanup();
    });

    it('setup() and a read do not wait for a write transaction held by another process', {
      timeout: 60_000,
    }, async () => {
      const ctx = site.context();
      const om = await setup(ctx);
      await om.datasets.put({ version: 'A' }, 'config');
      await om.close();

      child = runFixture('hold-write.ts', [site.home, ctx.store as string, 'other']);
      await child.waitFor('IN_TRANSACTION');

      const reader = await setup(ctx);
      try {
        assert.deepEqual(await reader.datasets.get('config'), { version: 'A' });
        assert.deepEqual(await reader.datasets.list(), ['config'], 'the uncommitted write is not seen');
      } finally {
        await reader.close();
      }
      assert.ok(!child.lines.includes('DONE'), 'the writer still held its transaction throughout');
    });
  });
}
