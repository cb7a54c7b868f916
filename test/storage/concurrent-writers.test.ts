// Several processes writing the same context at once: the metadata row is the single commit
// point, so whatever interleaving happens, one complete object and one row remain.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { type Omega, setup } from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';
import { reap, runFixture } from './children.js';
import { rawStore } from './raw.js';

const ITERATIONS = 8;

/** Starts one putter per name, releases them together and waits until all have ended. */
async function runPutters(home: string, store: string, names: readonly string[], iterations: number) {
  const children = names.map((name, i) => runFixture('putter.ts', [home, store, name, `w${i}`, String(iterations)]));
  try {
    await Promise.all(children.map((child) => child.waitFor('READY')));
    for (const child of children) child.send('GO');
    return await Promise.all(children.map(async (child) => ({ child, exit: await child.exited })));
  } finally {
    for (const child of children) reap(child);
  }
}

for (const engine of ENGINES) {
  describe(`concurrent writers (${engine})`, () => {
    let site: TestSite;
    beforeEach(() => {
      site = testSite(engine);
    });
    afterEach(async () => {
      await site.cleanup();
    });

    it('two processes putting the same name leave one consistent object and one metadata row', {
      timeout: 60_000,
    }, async () => {
      const ctx = site.context();
      const store = ctx.store as string;
      const om = await setup(ctx);
      await om.datasets.put({ initial: true }, 'contested');
      await om.close();

      const results = await runPutters(site.home, store, ['contested', 'contested'], ITERATIONS);
      const written = new Map<string, { kind: string; size: number }>();
      for (const { child, exit } of results) {
        assert.equal(exit.code, 0, child.describe(exit));
        const wrote = child.lines.filter((line) => line.startsWith('WROTE '));
        assert.equal(wrote.length, ITERATIONS, child.describe(exit));
        for (const line of wrote) {
          const [, kind, hash, size] = line.split(' ');
          written.set(hash as string, { kind: kind as string, size: Number(size) });
        }
      }
      assert.equal(written.size, 2 * ITERATIONS, 'every value written is distinct');

      const rows = await rawStore(site.home, store).metadataRows('contested');
      assert.equal(rows.length, 1, 'exactly one metadata row');
      const row = rows[0] as NonNullable<(typeof rows)[number]>;
      const kindMeta = JSON.parse(row.kind_meta) as { sha256: string; size: number };
      const expected = written.get(kindMeta.sha256);
      assert.ok(expected, `the row points at ${kindMeta.sha256}, which no child wrote`);
      assert.equal(row.kind, expected.kind);
      assert.equal(kindMeta.size, expected.size);

      const fresh = await setup(ctx);
      try {
        const value = await fresh.datasets.get('contested');
        const bytes = Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value), 'utf8');
        assert.equal(Buffer.isBuffer(value) ? 'file' : 'json', row.kind);
        assert.equal(createHash('sha256').update(bytes).digest('hex'), kindMeta.sha256, 'get returns the bytes');
        assert.equal(bytes.length, kindMeta.size);
        assert.deepEqual(await fresh.datasets.list(), ['contested']);
      } finally {
        await fresh.close();
      }
    });

    it('two processes opening a brand-new context at once both succeed', { timeout: 60_000 }, async () => {
      const ctx = site.context();
      const store = ctx.store as string;
      const names = ['first', 'second'];
      const results = await runPutters(site.home, store, names, 1);
      for (const { child, exit } of results) assert.equal(exit.code, 0, child.describe(exit));
      const om = await setup(ctx);
      try {
        assert.deepEqual(await om.datasets.list(), [...names].sort());
        for (const [i, name] of names.entries()) {
          assert.equal(((await om.datasets.get(name)) as { writer: string }).writer, `w${i}`);
        }
      } finally {
        await om.close();
      }
    });

    it('two setup() calls of one brand-new context in one process at once both work', {
      timeout: 60_000,
    }, async () => {
      const ctx = site.context();
      const opened = await Promise.allSettled([setup(ctx), setup(ctx)]);
      const handles = opened.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      try {
        for (const result of opened) if (result.status === 'rejected') throw result.reason;
        // Interleaved writes through every handle: each put either wins or is overwritten, none fails.
        await Promise.all(
          handles.flatMap((om, h) => [0, 1, 2].map((i) => om.datasets.put({ h, i }, `shared-${i % 2}`))),
        );
        const [first] = handles as [Omega];
        assert.deepEqual(await first.datasets.list(), ['shared-0', 'shared-1']);
        assert.equal((await rawStore(site.home, ctx.store as string).metadataRows('shared-0')).length, 1);
      } finally {
        for (const om of handles) await om.close();
      }
    });
  });
}
