// API keys of a context (API.md §11): created with roles on buckets, shown once, stored as a
// hash, listed without secrets, revoked and expired keys refused; every change in the audit log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AuthError, NotFoundError, type Omega, setup, ValidationError } from '../../src/index.js';
import { assertPermits, type KeyGrant, permits } from '../../src/keys/grant.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';
import { rawKeys } from './raw-keys.js';

for (const engine of ENGINES) {
  describe(`API keys (${engine})`, () => {
    let site: TestSite;
    let om: Omega;
    before(async () => {
      site = testSite(engine);
      om = await setup({ home: site.home, name: 'prod', store: site.storeUrl() });
    });
    after(async () => {
      await om?.close();
      await site?.cleanup();
    });

    it('create shows the key once; only a hash of its secret is stored; it authenticates', async () => {
      const created = await om.keys.create({ name: 'web', buckets: ['default'], roles: ['run', 'read'] });
      assert.match(created.key, /^omk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
      assert.equal(created.key.slice(4, 20), created.id);
      assert.deepEqual(created.roles, ['read', 'run'], 'roles in their canonical order');
      assert.deepEqual(created.buckets, ['default']);
      assert.equal(created.expires, null);

      const secret = created.key.slice(21);
      const row = (await rawKeys(om.spec.store).rows()).find((r) => r.id === created.id);
      assert.ok(row);
      assert.ok(!JSON.stringify(row).includes(secret), 'the secret is not stored');
      assert.match(row.secret_sha256, /^[0-9a-f]{64}$/);

      const listed = (await om.keys.list()).find((k) => k.id === created.id);
      assert.deepEqual(listed, {
        id: created.id,
        name: 'web',
        buckets: ['default'],
        roles: ['read', 'run'],
        created: created.created,
        expires: null,
        revoked: null,
      });
      assert.ok(!JSON.stringify(await om.keys.list()).includes(row.secret_sha256), 'list never shows a hash');

      const grant = await om.keys.authenticate(created.key);
      assert.deepEqual(grant, { id: created.id, name: 'web', buckets: ['default'], roles: ['read', 'run'] });
    });

    it('keys are the context’s: every bucket handle sees the same keys', async () => {
      const created = await om.keys.create({ buckets: ['*'], roles: ['admin'] });
      assert.equal(created.name, `key-${created.id}`, 'a key without a name is named after its id');
      assert.ok((await om.bucket('other').keys.list()).some((k) => k.id === created.id));
      assert.equal((await om.bucket('other').keys.authenticate(created.key)).id, created.id);
    });

    it('refuses malformed, unknown and wrongly-secret keys with AuthError 401', async () => {
      const created = await om.keys.create({ name: 'probe', buckets: ['default'], roles: ['read'] });
      const wrongSecret = `${created.key.slice(0, 21)}${'A'.repeat(43)}`;
      const unknownId = `omk_${'0'.repeat(16)}_${created.key.slice(21)}`;
      const cases: [string, RegExp][] = [
        ['', /malformed API key/],
        ['not-a-key', /malformed API key/],
        [`${created.key}x`, /malformed API key/],
        [wrongSecret, /unknown API key: not a key of context prod/],
        [unknownId, /unknown API key: not a key of context prod/],
      ];
      for (const [presented, message] of cases) {
        await assert.rejects(om.keys.authenticate(presented), (error: unknown) => {
          assert.ok(error instanceof AuthError, String(error));
          assert.equal(error.status, 401);
          assert.equal(error.code, 'OMEGA_UNAUTHORIZED');
          assert.match(error.message, message);
          return true;
        });
      }
    });

    it('a key of another context is unknown there', async () => {
      const dev = await setup({ home: site.home, name: 'dev', store: site.storeUrl() });
      try {
        const devKey = await dev.keys.create({ name: 'dev-bot', buckets: ['*'], roles: ['admin'] });
        await assert.rejects(om.keys.authenticate(devKey.key), /unknown API key: not a key of context prod/);
        assert.equal((await dev.keys.authenticate(devKey.key)).name, 'dev-bot');
      } finally {
        await dev.close();
      }
    });

    it('a revoked key is refused from the next request on; revoking again keeps the first time', async () => {
      const created = await om.keys.create({ name: 'leaked', buckets: ['default'], roles: ['read'] });
      await om.keys.authenticate(created.key);
      const revoked = await om.keys.revoke(created.id);
      assert.ok(revoked.revoked instanceof Date);
      await assert.rejects(
        om.keys.authenticate(created.key),
        (error: unknown) =>
          error instanceof AuthError &&
          error.status === 401 &&
          /API key leaked \(.+\) was revoked at/.test(error.message),
      );
      const again = await om.keys.revoke(created.id);
      assert.deepEqual(again.revoked, revoked.revoked);
      assert.deepEqual((await om.keys.list()).find((k) => k.id === created.id)?.revoked, revoked.revoked);
    });

    it('revoking an unknown key is a NotFoundError naming it', async () => {
      await assert.rejects(om.keys.revoke('0123456789abcdef'), (error: unknown) => {
        assert.ok(error instanceof NotFoundError);
        assert.match(error.message, /no key "0123456789abcdef" in context prod/);
        return true;
      });
    });

    it('an expired key is refused; expiry is a Date, an ISO date or a duration ahead', async () => {
      const inADay = await om.keys.create({ name: 'day', buckets: ['default'], roles: ['read'], expires: '1d' });
      const now = Date.now();
      assert.ok(inADay.expires !== null);
      assert.ok(Math.abs(inADay.expires.getTime() - (now + 86_400_000)) < 60_000);
      const dated = await om.keys.create({ buckets: ['default'], roles: ['read'], expires: '2999-01-31' });
      assert.equal(dated.expires?.toISOString(), '2999-01-31T00:00:00.000Z');
      await om.keys.authenticate(inADay.key);
      await rawKeys(om.spec.store).setExpires(inADay.id, new Date(now - 1000));
      await assert.rejects(
        om.keys.authenticate(inADay.key),
        (error: unknown) =>
          error instanceof AuthError && error.status === 401 && /API key day .* expired at/.test(error.message),
      );
    });

    it('bad specs are ValidationErrors naming what was wrong; nothing is created', async () => {
      const before = (await om.keys.list()).length;
      const cases: [unknown, RegExp][] = [
        [undefined, /a key needs \{ buckets, roles \}/],
        [{ buckets: ['default'] }, /a key needs roles, some of read, write, run, promote, admin; got undefined/],
        [{ buckets: ['default'], roles: [] }, /a key needs roles/],
        [
          { buckets: ['default'], roles: ['read', 'root'] },
          /unknown role "root": roles are read, write, run, promote, admin/,
        ],
        [{ roles: ['read'] }, /a key needs buckets/],
        [{ buckets: 'default', roles: ['read'] }, /a key needs buckets: a list of bucket names/],
        [{ buckets: ['*', 'dev'], roles: ['read'] }, /'\*' stands for every bucket and comes alone/],
        [{ buckets: ['../etc'], roles: ['read'] }, /invalid bucket name "..\/etc"/],
        [{ name: 'two words', buckets: ['dev'], roles: ['read'] }, /invalid key name "two words"/],
        [{ name: '', buckets: ['dev'], roles: ['read'] }, /invalid key name ""/],
        [{ buckets: ['dev'], roles: ['read'], expires: '2001-01-01' }, /expires must be in the future/],
        [{ buckets: ['dev'], roles: ['read'], expires: 'soon' }, /expires must be a Date, an ISO date .* got "soon"/],
        [{ buckets: ['dev'], roles: ['read'], expires: '0d' }, /expires must be longer than 0/],
        [{ buckets: ['dev'], roles: ['read'], expires: new Date(Number.NaN) }, /got an invalid Date/],
      ];
      for (const [spec, message] of cases) {
        // biome-ignore lint/suspicious/noExplicitAny: the point is input the types would refuse
        await assert.rejects(om.keys.create(spec as any), (error: unknown) => {
          assert.ok(error instanceof ValidationError, `${JSON.stringify(spec)}: ${String(error)}`);
          assert.match(error.message, message);
          return true;
        });
      }
      assert.equal((await om.keys.list()).length, before);
    });

    it('key changes are in the audit log, by the user who made them; since and limit select', async () => {
      const created = await om.keys.create({ name: 'audited', buckets: ['dev'], roles: ['write'] });
      await om.keys.revoke(created.id);
      const entries = (await om.audit({ since: '1h' })).filter((e) => e.object === created.id);
      assert.deepEqual(
        entries.map((e) => [e.method, e.route, e.status, e.keyId, e.detail]),
        [
          ['LOCAL', 'keys.create', 200, null, 'key audited: roles write on buckets dev'],
          ['LOCAL', 'keys.revoke', 200, null, 'key audited: roles write on buckets dev'],
        ],
      );
      assert.ok(entries.every((e) => typeof e.keyName === 'string' && e.keyName !== ''));
      const all = await om.audit();
      assert.ok(
        all.every((e, i) => i === 0 || e.seq > (all[i - 1]?.seq ?? 0)),
        'oldest first',
      );
      assert.deepEqual(
        (await om.audit({ limit: 2 })).map((e) => e.seq),
        all.slice(-2).map((e) => e.seq),
      );
      assert.deepEqual(await om.audit({ since: new Date(Date.now() + 60_000) }), []);
      await assert.rejects(om.audit({ since: 'yesterday' }), ValidationError);
      await assert.rejects(om.audit({ limit: 0 }), /limit must be a positive integer, got 0/);
    });

    it('the server appends to the audit log with the caller’s key', async () => {
      await om.auditLog.append({
        keyId: 'abc',
        keyName: 'ci-bot',
        method: 'PUT',
        route: '/api/v1/dataset/*',
        object: 'sales',
        status: 403,
        detail: 'x'.repeat(5000),
      });
      const last = (await om.audit({ limit: 1 }))[0];
      assert.equal(last?.keyName, 'ci-bot');
      assert.equal(last?.status, 403);
      assert.equal(last?.detail?.length, 1000, 'a long detail is cut');
    });
  });
}

describe('what a key may do', () => {
  const grant = (roles: KeyGrant['roles'], buckets: string[]): KeyGrant => ({ id: 'i', name: 'k', roles, buckets });

  it('a role on its buckets; admin is every role; * is every bucket', () => {
    assert.equal(permits(grant(['read'], ['dev']), 'read', 'dev'), true);
    assert.equal(permits(grant(['read'], ['dev']), 'write', 'dev'), false);
    assert.equal(permits(grant(['read'], ['dev']), 'read', 'prod'), false);
    assert.equal(permits(grant(['admin'], ['dev']), 'promote', 'dev'), true);
    assert.equal(permits(grant(['admin'], ['dev']), 'read', 'prod'), false);
    assert.equal(permits(grant(['run'], ['*']), 'run', 'anything'), true);
  });

  it('refusals are AuthError 403 saying what the key lacks', () => {
    assert.throws(
      () => assertPermits(grant(['read'], ['prod']), 'read', 'dev'),
      (error: unknown) =>
        error instanceof AuthError &&
        error.status === 403 &&
        error.code === 'OMEGA_FORBIDDEN' &&
        error.message === 'key k may not use bucket dev (its buckets: prod)',
    );
    assert.throws(
      () => assertPermits(grant(['read', 'run'], ['prod']), 'write', 'prod'),
      /key k lacks the role write \(its roles: read, run\)/,
    );
  });
});
