import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyRequest } from 'fastify';
import type { Omega } from '../../src/omega.js';
import type { Authorizer, Role } from '../../src/server/auth/authorizer.js';
import { createServer } from '../../src/server/create-server.js';
import type { OmegaServer } from '../../src/server/server-types.js';
import { setup } from '../../src/setup.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';
import { prepareModels } from './fixtures.js';
import { expectProblem } from './helpers.js';

/** Who asked what of the authorizer, and a caller named after the header's value. */
interface Asked {
  context: string;
  bucket: string;
  role: Role;
  header: string;
}

function recordingAuthorizer(asked: Asked[]): Authorizer {
  return {
    async authorize(request: FastifyRequest, om: Omega, bucket: string, role: Role, header = 'authorization') {
      asked.push({ context: om.context, bucket, role, header });
      const key = request.headers[header];
      return typeof key === 'string' ? { keyId: key, name: `user-${key}` } : null;
    },
  };
}

for (const engine of ENGINES) {
  describe(`two contexts behind one server (${engine})`, () => {
    let site: TestSite;
    let a: Omega;
    let b: Omega;
    let app: OmegaServer;
    const asked: Asked[] = [];
    before(async () => {
      site = testSite(engine);
      a = await setup(site.context('alpha'));
      b = await setup(site.context('beta'));
      await prepareModels(a);
      await b.datasets.put([{ x: 1 }], 'only-in-beta');
      app = await createServer({ contexts: [a, b], auth: recordingAuthorizer(asked) });
    });
    after(async () => {
      await app.close();
      await a.close();
      await b.close();
      await site.cleanup();
    });
    const get = (url: string, headers = {}) => app.inject({ method: 'GET', url, headers });

    it('lets each context see only its own objects; the first is the default', async () => {
      assert.deepEqual((await get('/api/v1/datasets')).json().objects, ['iris']);
      assert.deepEqual((await get('/api/v1/datasets', { context: 'alpha' })).json().objects, ['iris']);
      assert.deepEqual((await get('/api/v1/datasets', { context: 'beta' })).json().objects, ['only-in-beta']);
      assert.deepEqual((await get('/api/v1/datasets', { qualifier: 'beta' })).json().objects, ['only-in-beta']);
      expectProblem(await get('/api/v1/model/tree', { context: 'beta' }), 404);
      assert.equal((await get('/api/v1/model/tree', { context: 'alpha' })).statusCode, 200);
      assert.deepEqual(asked.at(-1), { context: 'alpha', bucket: 'default', role: 'read', header: 'authorization' });
    });

    it('promotes across contexts with read on the source and promote on the target (its own key header)', async () => {
      asked.length = 0;
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/promote/models/tree',
        headers: { authorization: 'a-key', 'target-authorization': 'b-key' },
        payload: { toContext: 'beta', toBucket: 'prod' },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(asked, [
        { context: 'alpha', bucket: 'default', role: 'read', header: 'authorization' },
        { context: 'beta', bucket: 'prod', role: 'promote', header: 'target-authorization' },
      ]);
      const [record] = await b.bucket('prod').models.promotions('tree');
      assert.equal(record?.user, 'user-b-key', 'the ledger names the target key’s caller');
      assert.equal(record?.source?.context, 'alpha');
      const listed = await get('/api/v1/models', { context: 'beta', bucket: 'prod' });
      assert.deepEqual(listed.json().objects, ['tree']);
    });

    it('promotes between buckets of one context with the request’s own key', async () => {
      asked.length = 0;
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/promote/models/tree',
        headers: { authorization: 'a-key' },
        payload: { toBucket: 'staging' },
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(
        asked.map((x) => [x.bucket, x.role, x.header]),
        [
          ['default', 'read', 'authorization'],
          ['staging', 'promote', 'authorization'],
        ],
      );
      assert.equal((await a.bucket('staging').models.promotions('tree'))[0]?.user, 'user-a-key');
    });

    it('refuses a context it does not serve, and a context served twice', async () => {
      expectProblem(await get('/api/v1/ping', { context: 'gamma' }), 404);
      await assert.rejects(createServer({ contexts: [a, a], auth: false }), /context alpha is served twice/);
    });
  });
}
