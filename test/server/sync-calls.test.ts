import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { ENGINES } from '../helpers/engines.js';
import { iris, prepareModels } from './fixtures.js';
import { pollTask, serverSuite } from './helpers.js';

/**
 * A response as the client reads it, the task id (which differs from call to call) left out; of
 * a polled task that succeeded, the response it carries.
 */
function answer(response: LightMyRequestResponse): string {
  const { task_id: polled, response: carried } = response.statusCode === 200 ? response.json() : {};
  const text = polled === undefined ? response.body : JSON.stringify(carried);
  const body = text.replace(/task [0-9a-f-]{36}/g, 'task <id>');
  return `${response.statusCode} ${response.headers['content-type']} ${body}`;
}

for (const engine of ENGINES) {
  describe(`synchronous model calls, run at once, answer as tasks do (${engine})`, () => {
    const suite = serverSuite(engine, { prepare: prepareModels });

    it('gives byte for byte the answer of the same call made async and polled', async () => {
      const calls: { url: string; payload?: object }[] = [
        { url: '/api/v1/model/tree/predict', payload: { data: [iris.X[0], iris.X[29]] } },
        {
          url: '/api/v1/model/tree/predict',
          payload: { columns: ['sl', 'sw', 'pl', 'pw'], data: { sl: [1], sw: [2], pl: [3], pw: [4] } },
        },
        { url: '/api/v1/model/group/tree/predict_proba', payload: { data: [iris.X[3]] } },
        { url: '/api/v1/model/tree/score?datax=iris[sl,sw,pl,pw]&datay=iris[species]' },
        { url: '/api/v1/model/tree/predict?datax=iris[sl,sw,pl,pw]' },
        { url: '/api/v1/model/tree/predict', payload: { data: [[1, 2]] } },
        { url: '/api/v1/model/tree/transform', payload: { data: [iris.X[0]] } },
        { url: '/api/v1/model/missing/predict', payload: { data: [iris.X[0]] } },
        { url: '/api/v1/model/tree/predict?datax=nothing' },
      ];
      const statuses = new Set<number>();
      for (const { url, payload } of calls) {
        const call = (async: boolean) =>
          suite.app.inject({
            method: 'PUT',
            url: async ? `${url}${url.includes('?') ? '&' : '?'}async=true` : url,
            ...(payload === undefined ? {} : { payload }),
          });
        const sync = await call(false);
        const accepted = await call(true);
        const polled =
          accepted.statusCode === 202 ? await pollTask(suite.app, String(accepted.headers.location)) : accepted;
        assert.equal(answer(sync), answer(polled), url);
        statuses.add(sync.statusCode);
      }
      assert.deepEqual([...statuses].sort(), [200, 404, 422]);
    });
  });
}
