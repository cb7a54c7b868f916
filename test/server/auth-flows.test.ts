// Keys at the REST boundary (API.md §11) beyond the matrix: header forms, problem bodies, keys of
// one context on another, promotion between buckets and contexts (roles on each side,
// target-authorization), the audit log and the ledger's user, and the rate limit per key.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuditEntry, Omega, Role } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { ALPHA, authFixture, BETA, OTHER, OWN } from './auth-fixture.js';
import { expectProblem } from './helpers.js';

/** The audit entries of `om` that `match`, once the server has written them (after its answer). */
async function auditEntries(om: Omega, match: (entry: AuditEntry) => boolean, count = 1): Promise<AuditEntry[]> {
  for (let attempt = 0; ; attempt++) {
    const found = (await om.audit()).filter(match);
    if (found.length >= count || attempt === 200) return found;
    await sleep(10);
  }
}

const ping = { method: 'GET', url: '/api/v1/ping' } as const;

for (const engine of ENGINES) {
  describe(`keys at the REST boundary (${engine})`, () => {
    const fx = authFixture(engine);

    it('takes Bearer and omega|ml’s ApiKey user:key; anything else is a 401 problem saying what is wrong', async () => {
      const key = fx.key('read', 'own');
      assert.equal((await fx.call(`Bearer ${key}`, ping)).statusCode, 200);
      assert.equal((await fx.call(`bearer ${key}`, ping)).statusCode, 200);
      assert.equal((await fx.call(`ApiKey jane@example.com:${key}`, ping)).statusCode, 200);
      const cases: [string | undefined, RegExp][] = [
        [undefined, /^no API key: send the header authorization: Bearer <key>$/],
        [key, /^malformed authorization header: expected Bearer <key> or ApiKey <user>:<key>$/],
        [`Basic ${Buffer.from(`u:${key}`).toString('base64')}`, /^malformed authorization header/],
        [`ApiKey ${key}`, /^malformed authorization header/],
        ['Bearer omk_0123456789abcdef_x', /^malformed API key: expected omk_<id>_<secret>/],
        [
          `Bearer ${key.slice(0, -1)}A`.replace(/A$/, key.endsWith('A') ? 'B' : 'A'),
          /^unknown API key: not a key of context alpha$/,
        ],
      ];
      for (const [header, detail] of cases) {
        const response = await fx.app.inject({
          ...ping,
          headers: { context: ALPHA, bucket: OWN, ...(header ? { authorization: header } : {}) },
        });
        const problem = expectProblem(response, 401);
        assert.equal(problem.code, 'OMEGA_UNAUTHORIZED');
        assert.match(problem.detail, detail);
        assert.ok(!problem.detail.includes(key.slice(21)), 'a problem never repeats a secret');
      }
    });

    it('a 403 says which role or bucket the key lacks', async () => {
      const bucket = expectProblem(await fx.call(fx.key('read', 'other'), ping), 403);
      assert.equal(bucket.code, 'OMEGA_FORBIDDEN');
      assert.equal(bucket.detail, `key read-other may not use bucket ${OWN} (its buckets: ${OTHER})`);
      const role = expectProblem(await fx.call(fx.key('write', 'own'), ping), 403);
      assert.equal(role.detail, 'key write-own lacks the role read (its roles: write)');
    });

    it('a key of context alpha never works on beta, nor beta’s on alpha', async () => {
      const alphaKey = fx.key('admin', '*');
      const betaKey = await fx.newKey('beta-reader', ['read'], ['*'], fx.beta);
      const onBeta = { ...ping, headers: { context: BETA, bucket: 'default' } };
      assert.equal((await fx.call(betaKey, onBeta)).statusCode, 200);
      assert.match(expectProblem(await fx.call(alphaKey, onBeta), 401).detail, /not a key of context beta/);
      const viaQualifier = await fx.app.inject({
        ...ping,
        headers: { qualifier: BETA, authorization: `Bearer ${alphaKey}` },
      });
      assert.match(expectProblem(viaQualifier, 401).detail, /not a key of context beta/);
      assert.match(expectProblem(await fx.call(betaKey, ping), 401).detail, /not a key of context alpha/);
    });

    it('a key revoked or expired while the server runs is refused from the next request on', async () => {
      const key = await fx.newKey('short-lived', ['read'], ['*']);
      assert.equal((await fx.call(key, ping)).statusCode, 200);
      const id = key.slice(4, 20);
      await fx.alpha.keys.revoke(id);
      assert.match(expectProblem(await fx.call(key, ping), 401).detail, /^API key short-lived \(\w+\) was revoked at /);
    });

    it('a promotion between buckets needs read on the source bucket and promote on the target', async () => {
      const promote = { method: 'POST', url: '/api/v1/promote/models/iris', payload: { toBucket: OTHER } } as const;
      const refusals: [string, string[], string[], RegExp][] = [
        ['p-read', ['read'], [OWN, OTHER], /key p-read lacks the role promote/],
        ['p-promote', ['promote'], [OWN, OTHER], /key p-promote lacks the role read/],
        ['p-source', ['read', 'promote'], [OWN], /key p-source may not use bucket b2/],
        ['p-target', ['read', 'promote'], [OTHER], /key p-target may not use bucket b1/],
      ];
      for (const [name, roles, buckets, detail] of refusals) {
        const key = await fx.newKey(name, roles as Role[], buckets);
        assert.match(expectProblem(await fx.call(key, promote), 403).detail, detail);
      }
      assert.equal(await fx.alpha.bucket(OTHER).models.exists('iris'), false, 'nothing was promoted');
      const both = await fx.newKey('p-both', ['read', 'promote'], [OWN, OTHER]);
      const done = await fx.call(both, promote);
      assert.equal(done.statusCode, 200, done.body);
      const ledger = await fx.alpha.bucket(OTHER).models.promotions('iris');
      assert.equal(ledger.at(-1)?.user, 'p-both', 'the ledger names the key');
    });

    it('a promotion into another context needs a key of that context, with promote, in target-authorization', async () => {
      const promote = (target?: string) => ({
        method: 'POST' as const,
        url: '/api/v1/promote/models/iris',
        payload: { toContext: BETA, toBucket: 'default', asName: 'from-alpha' },
        headers: target === undefined ? {} : { 'target-authorization': `Bearer ${target}` },
      });
      const source = await fx.newKey('src-reader', ['read'], [OWN]);
      const betaReader = await fx.newKey('beta-read', ['read'], ['default'], fx.beta);
      const betaPromoter = await fx.newKey('beta-promoter', ['promote'], ['default'], fx.beta);
      assert.match(
        expectProblem(await fx.call(source, promote()), 401).detail,
        /^no API key: send the header target-authorization: Bearer <key>$/,
      );
      assert.match(expectProblem(await fx.call(source, promote(source)), 401).detail, /not a key of context beta/);
      assert.match(expectProblem(await fx.call(source, promote(betaReader)), 403).detail, /lacks the role promote/);
      assert.match(
        expectProblem(await fx.call(fx.key('write', 'own'), promote(betaPromoter)), 403).detail,
        /lacks the role read/,
      );
      assert.equal(await fx.beta.models.exists('from-alpha'), false, 'nothing was promoted');
      const done = await fx.call(source, promote(betaPromoter));
      assert.equal(done.statusCode, 200, done.body);
      assert.equal((await fx.beta.models.promotions('from-alpha')).at(-1)?.user, 'beta-promoter');
    });

    it('mutating requests are in the audit log with the key; refused ones with their status; 401s and reads are not', async () => {
      const put = (name: string) => ({
        method: 'PUT' as const,
        url: `/api/v1/dataset/${name}`,
        payload: { data: [{ a: 1 }] },
      });
      expectProblem(await fx.call(undefined, put('audit-anonymous')), 401);
      assert.equal((await fx.call(fx.key('read', 'own'), ping)).statusCode, 200);
      expectProblem(await fx.call(fx.key('read', 'own'), put('audit-refused')), 403);
      const writer = await fx.newKey('auditor', ['write'], [OWN]);
      const stored = await fx.call(writer, put('audit-stored'));
      assert.equal(stored.statusCode, 200, stored.body);
      const entries = await auditEntries(fx.alpha, (e) => e.object?.startsWith('audit-') === true, 2);
      assert.deepEqual(
        entries.map((e) => [e.keyName, e.method, e.route, e.object, e.status]),
        [
          ['read-own', 'PUT', '/api/v1/dataset/*', 'audit-refused', 403],
          ['auditor', 'PUT', '/api/v1/dataset/*', 'audit-stored', 200],
        ],
      );
      assert.equal(entries[1]?.keyId, writer.slice(4, 20));
      assert.match(entries[0]?.detail ?? '', /key read-own lacks the role write/);
      assert.ok(!(await fx.alpha.audit()).some((e) => e.route === '/api/v1/ping'), 'reads are not audited');
    });
  });
}

describe('rate limit per key (sqlite)', () => {
  const fx = authFixture('sqlite', { rateLimit: 3 });

  it('answers 429 past N requests per minute of one key, whichever header form carries it; other keys go on', async () => {
    const key = fx.key('read', 'own');
    for (let i = 0; i < 3; i++) assert.equal((await fx.call(key, ping)).statusCode, 200);
    assert.equal(expectProblem(await fx.call(key, ping), 429).code, 'OMEGA_RATE_LIMITED');
    expectProblem(await fx.call(`ApiKey someone:${key}`, ping), 429);
    assert.equal((await fx.call(fx.key('read', '*'), ping)).statusCode, 200);
    for (let i = 0; i < 3; i++) expectProblem(await fx.call(undefined, ping), 401);
    expectProblem(await fx.call(undefined, ping), 429);
    assert.equal(
      (await fx.app.inject({ method: 'GET', url: '/healthz' })).statusCode,
      200,
      '/healthz is never limited',
    );
  });
});
