import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from '../../src/server/create-server.js';
import type { OmegaServer } from '../../src/server/server-types.js';
import { runtimeSuite, SUITE_OPTIONS } from '../runtime/bullmq/runtime-suite.js';
import { iris, prepareModels } from './fixtures.js';
import { expectProblem, pollTask } from './helpers.js';

// A context with a broker: model calls go to a worker (`om worker`, its own process) through BullMQ,
// and async tasks are found again by id through the broker.
describe('model calls through workers', SUITE_OPTIONS, () => {
  const suite = runtimeSuite({ served: 'sqlite' }, async (s) => {
    await prepareModels(s.om());
    await s.startWorker();
  });
  let app: OmegaServer;
  before(async () => {
    app = await createServer({ contexts: [suite.om()], auth: false });
  });
  after(() => app.close());

  it('predicts synchronously on a worker', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/model/tree/predict',
      payload: { data: [iris.X[0]] },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(response.json().result, [iris.species[0]]);
    const fit = await app.inject({
      method: 'PUT',
      url: '/api/v1/model/untrained/fit?datax=iris[sl,sw,pl,pw]&datay=iris[species]',
    });
    assert.equal(fit.statusCode, 200, fit.body);
    assert.doesNotMatch(fit.json().result.attributes.task.worker, /^local@/, 'the fit ran on the worker');
  });

  it('answers 202, then the result of the worker’s task; a failed task is a 422', async () => {
    const accepted = await app.inject({
      method: 'POST',
      url: '/api/v1/model/tree/predict?async=true',
      payload: { data: [iris.X[1]] },
    });
    assert.equal(accepted.statusCode, 202, accepted.body);
    const done = await pollTask(app, String(accepted.headers.location));
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json().response.result, [iris.species[1]]);
    const status = await app.inject(`/api/v1/task/${accepted.json().task_id}/status`);
    assert.equal(status.json().status, 'succeeded');

    const failing = await app.inject({
      method: 'POST',
      url: '/api/v1/model/tree/predict?async=true',
      payload: { data: [[1, 2]] },
    });
    assert.equal(failing.statusCode, 202);
    assert.match(
      expectProblem(await pollTask(app, String(failing.headers.location)), 422).detail,
      /expects 4 features/,
    );
  });
});
