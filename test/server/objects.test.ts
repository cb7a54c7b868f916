import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../helpers/engines.js';
import { echoScript, prepareModels } from './fixtures.js';
import { expectProblem, pollTask, serverSuite } from './helpers.js';

for (const engine of ENGINES) {
  describe(`list, script and promotion routes (${engine})`, () => {
    const suite = serverSuite(engine, {
      prepare: async (om) => {
        await prepareModels(om);
        await om.bucket('other').scripts.put(echoScript, 'echo');
      },
    });
    const call = (method: 'GET' | 'POST', url: string, payload?: unknown, headers = {}) =>
      suite.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

    it('lists each store, with a pattern, in the request’s bucket', async () => {
      assert.deepEqual((await call('GET', '/api/v1/models')).json(), { objects: ['group/tree', 'tree', 'untrained'] });
      assert.deepEqual((await call('GET', '/api/v1/models?pattern=group/*')).json(), { objects: ['group/tree'] });
      assert.deepEqual((await call('GET', '/api/v1/datasets')).json(), { objects: ['iris'] });
      assert.deepEqual((await call('GET', '/api/v1/scripts')).json(), { objects: ['echo'] });
      assert.deepEqual((await call('GET', '/api/v1/jobs')).json(), { objects: [] });
      assert.deepEqual((await call('GET', '/api/v1/models', undefined, { bucket: 'other' })).json(), { objects: [] });
      expectProblem(await call('GET', '/api/v1/things'), 404);
    });

    it('runs a script with the body as payload, sync and async, in the request’s bucket', async () => {
      const run = await call('POST', '/api/v1/script/echo/run', { month: '2026-11' });
      assert.equal(run.statusCode, 200, run.body);
      const body = run.json();
      assert.equal(body.script, 'echo');
      assert.deepEqual(body.result, { payload: { month: '2026-11' }, context: 'test', bucket: 'default' });
      assert.equal(body.resource_uri, '/api/v1/script/echo/run');
      assert.ok(Date.parse(body.started) <= Date.parse(body.ended));
      assert.equal(typeof body.seconds, 'number');
      const other = await call('POST', '/api/v1/script/echo/run', undefined, { bucket: 'other' });
      assert.equal(other.json().result.bucket, 'other');
      const accepted = await call('POST', '/api/v1/script/echo/run?async=1', { n: 1 });
      assert.equal(accepted.statusCode, 202);
      const done = await pollTask(suite.app, String(accepted.headers.location));
      assert.deepEqual(done.json().response.result.payload, { n: 1 });
      assert.equal(done.json().response.script, 'echo');
      const failed = await call('POST', '/api/v1/script/echo/run', { fail: true });
      assert.match(expectProblem(failed, 422).detail, /asked to fail/);
      expectProblem(await call('POST', '/api/v1/script/missing/run'), 404);
      expectProblem(await call('POST', '/api/v1/script/echo'), 400);
    });

    it('promotes between buckets, records the ledger, and refuses bad requests', async () => {
      const dry = await call('POST', '/api/v1/promote/models/tree', { toBucket: 'prod', dryRun: true });
      assert.equal(dry.statusCode, 200, dry.body);
      assert.equal(dry.json().dryRun, true);
      assert.equal(dry.json().plan.action, 'create');
      const promoted = await call('POST', '/api/v1/promote/models/tree', { toBucket: 'prod', message: 'go live' });
      assert.equal(promoted.statusCode, 200, promoted.body);
      assert.equal(promoted.json().metadata.bucket, 'prod');
      assert.equal(promoted.json().record.message, 'go live');
      const ledger = await call('GET', '/api/v1/promotions/models/tree', undefined, { bucket: 'prod' });
      assert.equal(ledger.json().promotions.length, 1);
      assert.equal(ledger.json().promotions[0].source.bucket, 'default');
      const all = await call('GET', '/api/v1/promotions/models', undefined, { bucket: 'prod' });
      assert.equal(all.json().promotions.length, 1);
      assert.deepEqual((await call('GET', '/api/v1/promotions/models/tree')).json(), { promotions: [] });
      const prodModels = await call('GET', '/api/v1/models', undefined, { bucket: 'prod' });
      assert.deepEqual(prodModels.json().objects, ['tree']);

      const asName = await call('POST', '/api/v1/promote/datasets/iris', { asName: 'iris/copy' });
      assert.equal(asName.statusCode, 200, asName.body);
      assert.match(expectProblem(await call('POST', '/api/v1/promote/models/tree', {}), 400).detail, /toBucket/);
      expectProblem(await call('POST', '/api/v1/promote/models/nothing', { toBucket: 'prod' }), 404);
      expectProblem(await call('POST', '/api/v1/promote/things/tree', { toBucket: 'prod' }), 400);
      expectProblem(await call('POST', '/api/v1/promote/models/tree', { toBucket: 'prod', bogus: 1 }), 400);
      expectProblem(await call('POST', '/api/v1/promote/models/tree', { toContext: 'elsewhere' }), 404);
      const refused = await call('POST', '/api/v1/promote/models/untrained', {
        toBucket: 'prod',
        conditions: ['fitted'],
      });
      expectProblem(refused, 409);
      expectProblem(await call('POST', '/api/v1/promote/models/tree', { toBucket: 'prod', conditions: ['nope'] }), 400);
    });
  });
}
