// The auth matrix (API.md §11): every route × every role × the request's bucket / another bucket /
// '*' × no key / malformed / wrong context / revoked / expired key → exactly 200 (the route's
// success), 401 or 403. Driven by the table ROUTES, through inject().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { ROLES, type Role } from '../../src/index.js';
import { ENGINES } from '../helpers/engines.js';
import { type AuthFixture, authFixture, BAD_KEYS, IRIS, SCOPES, type Scope } from './auth-fixture.js';

/** A route of the matrix: the roles a key needs for it (all of them), and one request to it. */
interface RouteCase {
  route: string;
  needs: readonly Role[];
  /** The status of a request that is allowed (default 200). */
  ok?: number;
  /** The request; `n` is new for every request, for routes that consume or create an object. */
  request(fx: AuthFixture, n: number): Promise<InjectOptions> | InjectOptions;
}

const X = IRIS.X.slice(0, 2);

const ROUTES: readonly RouteCase[] = [
  { route: 'GET /api/v1/ping', needs: ['read'], request: () => ({ method: 'GET', url: '/api/v1/ping' }) },
  { route: 'GET /api/v1/model/<name>', needs: ['read'], request: () => ({ method: 'GET', url: '/api/v1/model/iris' }) },
  {
    route: 'GET /api/v1/model/<name>/predict',
    needs: ['run'],
    request: () => ({ method: 'GET', url: '/api/v1/model/iris/predict?datax=rows' }),
  },
  {
    route: 'PUT /api/v1/model/<name>/predict',
    needs: ['run'],
    request: () => ({ method: 'PUT', url: '/api/v1/model/iris/predict', payload: { data: X } }),
  },
  {
    route: 'POST /api/v1/model/<name>/fit',
    needs: ['run'],
    request: () => ({ method: 'POST', url: '/api/v1/model/tofit/fit', payload: { data: IRIS.X, y: IRIS.classes } }),
  },
  {
    route: 'GET /api/v1/dataset/<name>',
    needs: ['read'],
    request: () => ({ method: 'GET', url: '/api/v1/dataset/rows' }),
  },
  {
    route: 'PUT /api/v1/dataset/<name>',
    needs: ['write'],
    request: (_, n) => ({ method: 'PUT', url: `/api/v1/dataset/put-${n}`, payload: { data: [{ a: n }] } }),
  },
  {
    route: 'DELETE /api/v1/dataset/<name>',
    needs: ['write'],
    request: async (fx, n) => {
      await fx.b1.datasets.put([{ a: n }], `gone-${n}`);
      return { method: 'DELETE', url: `/api/v1/dataset/gone-${n}` };
    },
  },
  ...(['datasets', 'models', 'scripts', 'jobs'] as const).map(
    (store): RouteCase => ({
      route: `GET /api/v1/${store}`,
      needs: ['read'],
      request: () => ({ method: 'GET', url: `/api/v1/${store}` }),
    }),
  ),
  {
    route: 'POST /api/v1/script/<name>/run',
    needs: ['run'],
    request: () => ({ method: 'POST', url: '/api/v1/script/echo/run', payload: { hello: 1 } }),
  },
  {
    route: 'POST /api/v1/job/<name>/run',
    needs: ['run'],
    request: () => ({ method: 'POST', url: '/api/v1/job/nightly/run', payload: {} }),
  },
  { route: 'GET /api/v1/job/<name>', needs: ['read'], request: () => ({ method: 'GET', url: '/api/v1/job/nightly' }) },
  ...(['status', 'result'] as const).map(
    (what): RouteCase => ({
      route: `GET /api/v1/task/<id>/${what}`,
      needs: ['run'],
      request: async (fx) => {
        const submitted = await fx.call(fx.key('admin', '*'), {
          method: 'PUT',
          url: '/api/v1/model/iris/predict?async=true',
          payload: { data: X },
        });
        assert.equal(submitted.statusCode, 202, submitted.body);
        return { method: 'GET', url: `/api/v1/task/${submitted.json().task_id}/${what}` };
      },
    }),
  ),
  {
    route: 'POST /api/v1/promote/<store>/<name>',
    needs: ['read', 'promote'],
    request: (_, n) => ({ method: 'POST', url: '/api/v1/promote/models/iris', payload: { asName: `copy-${n}` } }),
  },
  {
    route: 'GET /api/v1/promotions/<store>',
    needs: ['read'],
    request: () => ({ method: 'GET', url: '/api/v1/promotions/models' }),
  },
  {
    route: 'GET /api/v1/promotions/<store>/<name>',
    needs: ['read'],
    request: () => ({ method: 'GET', url: '/api/v1/promotions/models/iris' }),
  },
];

/** What a key with `role` on `scope` gets from a route needing `needs`. */
function expected(route: RouteCase, role: Role, scope: Scope): number {
  const allowed = scope !== 'other' && (role === 'admin' || route.needs.every((need) => need === role));
  return allowed ? (route.ok ?? 200) : 403;
}

for (const engine of ENGINES) {
  describe(`auth matrix (${engine})`, () => {
    const fx = authFixture(engine);
    let n = 0;

    for (const route of ROUTES) {
      it(route.route, async () => {
        const want: Record<string, number> = {};
        const got: Record<string, number> = {};
        for (const role of ROLES) {
          for (const scope of SCOPES) {
            const response = await fx.call(fx.key(role, scope), await route.request(fx, ++n));
            want[`${role} on ${scope}`] = expected(route, role, scope);
            got[`${role} on ${scope}`] = response.statusCode;
          }
        }
        for (const bad of BAD_KEYS) {
          const response = await fx.call(fx.badKey(bad), await route.request(fx, ++n));
          want[bad] = 401;
          got[bad] = response.statusCode;
        }
        assert.deepEqual(got, want);
      });
    }
  });
}
