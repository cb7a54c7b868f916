import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../helpers/engines.js';
import { expectProblem, serverSuite } from './helpers.js';

for (const engine of ENGINES) {
  describe(`server basics (${engine})`, () => {
    const suite = serverSuite(engine);

    it('answers /healthz', async () => {
      const response = await suite.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok' });
    });

    it('pings with the context and bucket of the request', async () => {
      const response = await suite.app.inject({ method: 'GET', url: '/api/v1/ping', headers: { bucket: 'other' } });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.context, 'test');
      assert.equal(body.bucket, 'other');
      assert.ok(!Number.isNaN(Date.parse(body.ping)));
    });

    it('answers an unknown context with 404 and a bad bucket with 400', async () => {
      const unknown = await suite.app.inject({ method: 'GET', url: '/api/v1/ping', headers: { context: 'nope' } });
      assert.match(expectProblem(unknown, 404).detail, /context nope is not served here; served: test/);
      const alias = await suite.app.inject({ method: 'GET', url: '/api/v1/ping', headers: { qualifier: 'nope' } });
      expectProblem(alias, 404);
      const bucket = await suite.app.inject({ method: 'GET', url: '/api/v1/ping', headers: { bucket: '../x' } });
      expectProblem(bucket, 400);
    });

    it('answers an unknown route with a 404 problem', async () => {
      expectProblem(await suite.app.inject({ method: 'GET', url: '/api/v1/nothing/here' }), 404);
    });

    it('serves the OpenAPI document and the docs', async () => {
      const doc = await suite.app.inject({ method: 'GET', url: '/api/openapi.json' });
      assert.equal(doc.statusCode, 200);
      assert.equal(doc.json().openapi, '3.1.0');
      assert.ok('/api/v1/ping' in doc.json().paths);
      const docs = await suite.app.inject({ method: 'GET', url: '/api/docs/' });
      assert.equal(docs.statusCode, 200);
    });
  });
}
