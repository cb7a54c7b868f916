// Two contexts behind one server with auth on, and keys of every role and bucket scope: what the
// auth matrix and the promotion, audit and rate-limit tests of API.md §11 run against. Not a test file itself.
import { after, before } from 'node:test';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { type Omega, ROLES, type Role, setup } from '../../src/index.js';
import { DecisionTreeClassifier } from '../../src/models/mljs/lib.js';
import { ScriptPackage } from '../../src/scripts/script-package.js';
import { createServer, type ServerOptions } from '../../src/server/create-server.js';
import type { OmegaServer } from '../../src/server/server-types.js';
import { type EngineName, type TestSite, testSite } from '../helpers/engines.js';
import { rawKeys } from '../keys/raw-keys.js';
import { irisLike } from '../models/mljs/fixtures.js';

/** The context the matrix runs in, the other context served beside it, and the buckets. */
export const ALPHA = 'alpha';
export const BETA = 'beta';
export const OWN = 'b1';
export const OTHER = 'b2';

/** Which buckets a key of the matrix holds: the request's bucket, another one, or every bucket. */
export type Scope = 'own' | 'other' | '*';
export const SCOPES: readonly Scope[] = ['own', 'other', '*'];
const SCOPE_BUCKETS: Record<Scope, string[]> = { own: [OWN], other: [OTHER], '*': ['*'] };

/** Keys that must be refused with 401 whatever they would allow. */
export const BAD_KEYS = ['no key', 'malformed', 'wrong context', 'revoked', 'expired'] as const;
export type BadKey = (typeof BAD_KEYS)[number];

export const IRIS = irisLike(30, 7);

export interface AuthFixture {
  site: TestSite;
  /** Context alpha (default bucket) and its bucket b1, where the matrix's objects are. */
  alpha: Omega;
  b1: Omega;
  beta: Omega;
  app: OmegaServer;
  /** `key(role, scope)`: a key of alpha with that one role on those buckets, named `<role>-<scope>`. */
  key(role: Role, scope: Scope): string;
  /** The authorization header value of a refused key (undefined: none). */
  badKey(kind: BadKey): string | undefined;
  /** A key of alpha made for one test. */
  newKey(name: string, roles: Role[], buckets: string[], om?: Omega): Promise<string>;
  /** `app.inject` with `context` and `bucket` headers (alpha, b1 unless given) and the key as Bearer. */
  call(key: string | undefined, options: InjectOptions): Promise<LightMyRequestResponse>;
}

/**
 * Before the suite: contexts alpha and beta on `engine`; in alpha's bucket b1 a trained model
 * `iris`, an untrained `tofit`, a dataset `rows` and a script `echo`; keys of every role × scope;
 * a server on both (auth on, `server` options added). After it: all closed and removed.
 */
export function authFixture(engine: EngineName, server: Omit<ServerOptions, 'contexts' | 'auth'> = {}): AuthFixture {
  const fx = {} as AuthFixture;
  const keys = new Map<string, string>();
  const bad = new Map<BadKey, string | undefined>();
  before(async () => {
    fx.site = testSite(engine);
    fx.alpha = await setup(fx.site.context(ALPHA));
    fx.beta = await setup(fx.site.context(BETA));
    fx.b1 = fx.alpha.bucket(OWN);
    const tree = new DecisionTreeClassifier({ minNumSamples: 2 });
    tree.train(IRIS.X, IRIS.classes);
    await fx.b1.models.put(tree, 'iris');
    await fx.b1.models.put(new DecisionTreeClassifier({ minNumSamples: 2 }), 'tofit');
    await fx.b1.datasets.put(
      IRIS.X.map(([a, b]) => ({ a, b })),
      'rows',
    );
    const echo = 'export function run(_om, payload) { return { echoed: payload }; }\n';
    await fx.b1.scripts.put(new ScriptPackage('index.mjs', new Map([['index.mjs', Buffer.from(echo)]])), 'echo');
    await fx.b1.jobs.create('const answer = 42;\nanswer', 'nightly', { language: 'javascript' });

    fx.newKey = async (name, roles, buckets, om = fx.alpha) => (await om.keys.create({ name, roles, buckets })).key;
    for (const role of ROLES) {
      for (const scope of SCOPES)
        keys.set(
          `${role}@${scope}`,
          await fx.newKey(`${role}-${scope === '*' ? 'all' : scope}`, [role], SCOPE_BUCKETS[scope]),
        );
    }
    const revoked = await fx.alpha.keys.create({ name: 'revoked', roles: ['admin'], buckets: ['*'] });
    await fx.alpha.keys.revoke(revoked.id);
    const expired = await fx.alpha.keys.create({ name: 'expired', roles: ['admin'], buckets: ['*'], expires: '1d' });
    await rawKeys(fx.alpha.spec.store).setExpires(expired.id, new Date(Date.now() - 1000));
    bad.set('no key', undefined);
    bad.set('malformed', 'Bearer omk_not-a-key');
    bad.set('wrong context', `Bearer ${await fx.newKey('beta-admin', ['admin'], ['*'], fx.beta)}`);
    bad.set('revoked', `Bearer ${revoked.key}`);
    bad.set('expired', `Bearer ${expired.key}`);

    fx.app = await createServer({ ...server, auth: true, contexts: [fx.alpha, fx.beta] });
  });
  after(async () => {
    await fx.app?.close();
    await fx.alpha?.close();
    await fx.beta?.close();
    await fx.site?.cleanup();
  });
  fx.key = (role, scope) => keys.get(`${role}@${scope}`) as string;
  fx.badKey = (kind) => bad.get(kind);
  fx.call = (key, options) =>
    fx.app.inject({
      ...options,
      headers: {
        context: ALPHA,
        bucket: OWN,
        ...(key === undefined ? {} : { authorization: key.startsWith('omk_') ? `Bearer ${key}` : key }),
        ...options.headers,
      },
    });
  return fx;
}
