// A store that cannot be opened is an OmegaError that says where, and a PostgreSQL password
// never appears in it (message, cause or stack).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { OmegaError, setup, UnavailableError } from '../../src/index.js';

describe('unavailable stores', () => {
  let home: string;
  before(() => {
    home = mkdtempSync(join(tmpdir(), 'omegats-test-'));
  });
  after(() => {
    rmSync(home, { recursive: true, force: true });
  });

  /** Opens `store`, which must fail; returns the error. */
  async function failure(store: string): Promise<unknown> {
    const om = await setup({ home, name: 'down', store }).catch((error: unknown) => error);
    if (!(om instanceof Error)) {
      await (om as { close(): Promise<void> }).close();
      assert.fail(`setup() with ${store} succeeded`);
    }
    return om;
  }

  const passwords: [string, string, string][] = [
    ['in the userinfo', 'postgres://omega:secretpw@127.0.0.1:1/omega_x', 'secretpw'],
    ['percent-encoded', 'postgresql://omega:s%2Fecr%40etpw@127.0.0.1:1/omega_x', 'ecr'],
    ['with a raw @ in it', 'postgres://omega:secret@pw@127.0.0.1:1/omega_x', 'pw@'],
    ['as a query parameter', 'postgres://omega@127.0.0.1:1/omega_x?password=secretpw', 'secretpw'],
  ];
  for (const [how, url, secret] of passwords) {
    it(`an unreachable PostgreSQL server is an UnavailableError without the password (${how})`, {
      timeout: 30_000,
    }, async () => {
      const error = await failure(url);
      assert.ok(error instanceof UnavailableError, `expected an UnavailableError, got ${inspect(error)}`);
      assert.equal(error.code, 'OMEGA_UNAVAILABLE');
      assert.match(error.message, /127\.0\.0\.1:1\/omega_x/, 'the message says which server and database');
      assert.ok(!error.message.includes(secret), `the message leaks the password: ${error.message}`);
      assert.ok(!inspect(error, { depth: 10 }).includes(secret), 'the cause or stack leaks the password');
    });
  }

  it('a SQLite store that cannot be created is an OmegaError naming the path, not a raw fs error', async () => {
    const blocker = join(home, 'not-a-dir');
    writeFileSync(blocker, 'a file where a folder should be');
    const path = join(blocker, 'ctx', 'omega.db');
    const error = await failure(`sqlite://${path}`);
    assert.ok(error instanceof OmegaError, `expected an OmegaError, got ${inspect(error)}`);
    assert.ok(error.message.includes(path), `the message names the store: ${error.message}`);
  });

  it('a file that is not a SQLite database is an UnavailableError naming the path', async () => {
    const path = join(home, 'garbage.db');
    writeFileSync(path, 'this is not a database file, just text that is long enough to have a header'.repeat(20));
    const error = await failure(`sqlite://${path}`);
    assert.ok(error instanceof UnavailableError, `expected an UnavailableError, got ${inspect(error)}`);
    assert.ok(error.message.includes(path), `the message names the store: ${error.message}`);
  });
});
