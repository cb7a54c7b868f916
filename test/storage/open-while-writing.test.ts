// Opening an up-to-date store only reads its schema version: while another process holds the
// write lock (a long put or promotion), setup() and reads succeed at once instead of waiting for
// the lock and failing with "database is locked".
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { childSuite } from './children.js';

for (const engine of ENGINES) {
  describe(`opening while another process writes (${engine})`, () => {
    const t = childSuite(engine);

    it('setup() and a read do not wait for a write transaction held by another process', {
      timeout: 60_000,
    }, async () => {
      const ctx = t.site.context();
      const om = await setup(ctx);
      await om.datasets.put({ version: 'A' }, 'config');
      await om.close();

      const child = t.start('hold-write.ts', [t.site.home, ctx.store as string, 'other']);
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
