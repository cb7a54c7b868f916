// A table put runs in one transaction with its metadata: a writer killed in the middle leaves
// the dataset exactly as it was, with no stray table, and the next writer goes ahead.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { childSuite } from '../storage/children.js';
import { rawStore } from '../storage/raw.js';

const BEFORE = [
  { n: -2, s: 'parent' },
  { n: -1, s: 'parent' },
];

for (const engine of ENGINES) {
  describe(`killed table writers (${engine})`, () => {
    const t = childSuite(engine);

    for (const mode of ['append', 'replace'] as const) {
      it(`a process killed in the middle of a large ${mode} leaves the table as it was`, {
        timeout: 60_000,
      }, async () => {
        const ctx = t.site.context();
        const store = ctx.store as string;
        const raw = rawStore(t.site.home, store);
        const om = await setup(ctx);
        await om.datasets.put(BEFORE, 'sales');
        await om.close();
        const tables = await raw.dataTables();
        const metaBefore = await raw.metadataRows('sales');

        const child = t.start('slow-table-put.ts', [t.site.home, store, 'sales', '200', '5', mode]);
        await child.waitFor('PROGRESS');
        child.process.kill('SIGKILL');
        const exit = await child.exited;
        assert.equal(exit.signal, 'SIGKILL', child.describe(exit));
        assert.ok(!child.lines.includes('DONE'), 'the put must not have completed');

        assert.deepEqual(await raw.metadataRows('sales'), metaBefore);
        assert.deepEqual(await raw.dataTables(), tables);
        const fresh = await setup(ctx);
        try {
          assert.deepEqual(await fresh.datasets.get('sales'), BEFORE);
          await fresh.datasets.put([{ n: 0, s: 'after' }], 'sales');
          assert.deepEqual(await fresh.datasets.get('sales'), [...BEFORE, { n: 0, s: 'after' }]);
        } finally {
          await fresh.close();
        }
      });
    }
  });
}
