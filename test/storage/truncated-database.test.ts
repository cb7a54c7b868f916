// A SQLite context whose database lost its schema (truncated to 0 bytes) while its blobs remain
// is an IntegrityError naming the file, never an empty context; a new context still opens.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { parseStoreUrl } from '../../src/config/urls.js';
import { IntegrityError, setup } from '../../src/index.js';
import { type TestSite, testSite } from '../helpers/engines.js';

describe('a SQLite database without its schema (sqlite)', () => {
  let site: TestSite;
  beforeEach(() => {
    site = testSite('sqlite');
  });
  afterEach(async () => {
    await site.cleanup();
  });

  function pathOf(store: string): string {
    const location = parseStoreUrl(store, site.home, 'test');
    assert.equal(location.engine, 'sqlite');
    return location.path;
  }

  it('an omega.db truncated to 0 bytes beside its blobs is an IntegrityError naming the file', async () => {
    const ctx = site.context();
    const om = await setup(ctx);
    await om.datasets.put(Buffer.from('bytes that live in a blob file'), 'report');
    await om.close();
    const path = pathOf(ctx.store as string);
    for (const companion of ['-wal', '-shm'])
      assert.ok(!existsSync(path + companion), `${companion} was removed on close`);
    truncateSync(path, 0);

    const error = await setup(ctx).then(
      async (opened) => {
        await opened.close();
        return undefined;
      },
      (e: unknown) => e,
    );
    assert.ok(error instanceof IntegrityError, `expected an IntegrityError, got ${inspect(error)}`);
    assert.ok(error.message.includes(path), `the message names the database file: ${error.message}`);
  });

  for (const [how, prepare] of [
    ['an empty folder', (path: string) => mkdirSync(dirname(path), { recursive: true })],
    ['no folder', (path: string) => assert.ok(!existsSync(dirname(path)))],
  ] as const) {
    it(`a new context in ${how} opens as an empty context`, async () => {
      const ctx = site.context();
      prepare(pathOf(ctx.store as string));
      const om = await setup({ ...ctx, create: true });
      try {
        assert.deepEqual(await om.datasets.list(), []);
        await om.datasets.put({ a: 1 }, 'x');
        assert.deepEqual(await om.datasets.get('x'), { a: 1 });
      } finally {
        await om.close();
      }
    });
  }
});
