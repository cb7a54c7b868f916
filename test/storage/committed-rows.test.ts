import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseStoreUrl } from '../../src/config/urls.js';
import type { Engine } from '../../src/storage/engine.js';
import { MetadataRepository } from '../../src/storage/metadata-repository.js';
import { openEngine } from '../../src/storage/open-engine.js';
import { type TestSite, testSite } from '../helpers/engines.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KEY = { bucket: 'b', prefix: 'models/', name: 'm' };

/** SQLite keeps metadata rows between reads (CommittedReads): every read must still see every earlier commit. */
describe('cached metadata rows (sqlite)', () => {
  let site: TestSite;
  let first: Engine;
  let second: Engine;
  let path: string;

  const upsert = (engine: Engine, kind: string) =>
    engine.write(async (trx) => {
      const now = new Date().toISOString();
      const row = { ...KEY, kind, kind_meta: '{}', attributes: '{}', created: now, modified: now };
      await new MetadataRepository(engine).upsert(trx, row);
    });
  const kindOf = async (engine: Engine) => (await engine.metadataRow(KEY.bucket, KEY.prefix, KEY.name))?.kind;

  before(async () => {
    site = testSite('sqlite');
    const url = parseStoreUrl(site.storeUrl(), site.home, 'test');
    first = await openEngine(url);
    second = await openEngine(url);
    path = (url as { path: string }).path;
    await upsert(first, 'one');
  });

  after(async () => {
    await first?.close();
    await second?.close();
    await site?.cleanup();
  });

  it('a write of the same connection is seen by the next read', async () => {
    assert.equal(await kindOf(first), 'one');
    await upsert(first, 'two');
    assert.equal(await kindOf(first), 'two');
  });

  it('a commit of another connection of this process is seen by the next read', async () => {
    assert.equal(await kindOf(first), 'two');
    await upsert(second, 'three');
    assert.equal(await kindOf(first), 'three');
  });

  it('a commit of another process is seen by the next read', async () => {
    assert.equal(await kindOf(first), 'three');
    const script = `import Database from 'better-sqlite3';
      const db = new Database(${JSON.stringify(path)});
      db.prepare("update omega_metadata set kind = 'four' where bucket = 'b' and prefix = 'models/' and name = 'm'").run();
      db.close();`;
    execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT });
    assert.equal(await kindOf(first), 'four');
  });

  it('reads issued together are answered together, each seeing what was committed before it was issued', async () => {
    const before = kindOf(first);
    // better-sqlite3 commits synchronously: after this line, a read issued now must see 'five'.
    (second as unknown as { raw: { prepare(sql: string): { run(): void } } }).raw
      .prepare("update omega_metadata set kind = 'five' where bucket = 'b' and prefix = 'models/' and name = 'm'")
      .run();
    const afterCommit = kindOf(first);
    assert.equal(await afterCommit, 'five');
    // Issued before the commit, answered after it: either is right, a read may see any state of its span.
    assert.ok(['four', 'five'].includes((await before) as string));
  });

  it('a read that an answered read leads to is answered in the same turn, after a check of its own', async () => {
    const commit = (kind: string) =>
      (second as unknown as { raw: { prepare(sql: string): { run(): void } } }).raw
        .prepare(`update omega_metadata set kind = '${kind}' where bucket = 'b' and prefix = 'models/' and name = 'm'`)
        .run();
    let aTurnLater = false;
    const next = kindOf(first).then(() => {
      setImmediate(() => {
        aTurnLater = true;
      });
      // A key read, then a metadata read of the same request: the second sees this commit too.
      commit('chained');
      return first.keyRow('no-such-key').then(() => kindOf(first));
    });
    assert.equal(await next, 'chained');
    assert.equal(aTurnLater, false, 'the chained reads waited for the next turn');
  });

  it('a read while this connection writes waits for the commit, and sees it', async () => {
    let read: Promise<string | undefined> | undefined;
    await first.write(async (trx) => {
      const now = new Date().toISOString();
      await new MetadataRepository(first).upsert(trx, {
        ...KEY,
        kind: 'six',
        kind_meta: '{}',
        attributes: '{}',
        created: now,
        modified: now,
      });
      read = kindOf(first);
    });
    assert.equal(await read, 'six');
    assert.equal(await kindOf(first), 'six');
  });

  it('an object that does not exist is cached as absent until it is written', async () => {
    const missing = () => first.metadataRow(KEY.bucket, KEY.prefix, 'later');
    assert.equal(await missing(), undefined);
    assert.equal(await missing(), undefined);
    await second.write(async (trx) => {
      const now = new Date().toISOString();
      const row = {
        ...KEY,
        name: 'later',
        kind: 'json',
        kind_meta: '{}',
        attributes: '{}',
        created: now,
        modified: now,
      };
      await new MetadataRepository(second).upsert(trx, row);
    });
    assert.equal((await missing())?.kind, 'json');
  });
});
