import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../helpers/engines.js';
import { iris, prepareModels } from './fixtures.js';
import { expectProblem, pollTask, serverSuite } from './helpers.js';

const X0 = iris.X[0] as number[];
const [sl, sw, pl, pw] = X0;

for (const engine of ENGINES) {
  describe(`model routes (${engine})`, () => {
    const suite = serverSuite(engine, { prepare: prepareModels });
    const call = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, headers = {}) =>
      suite.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

    it('answers a model’s metadata, dates as ISO strings', async () => {
      const response = await call('GET', '/api/v1/model/tree');
      assert.equal(response.statusCode, 200);
      const body = response.json();
      assert.equal(body.model, 'tree');
      assert.equal(body.result.name, 'tree');
      assert.equal(body.result.kindMeta.fitted, true);
      assert.ok(!Number.isNaN(Date.parse(body.result.created)));
      assert.equal((await call('GET', '/api/v1/model/tree/')).statusCode, 200);
    });

    it('predicts with { columns, data } as records, arrays or a column dict, by POST, PUT and GET', async () => {
      const expected = [iris.species[0]];
      const records = await call('POST', '/api/v1/model/tree/predict', {
        columns: ['sl', 'sw', 'pl', 'pw'],
        data: [{ pw, pl, sw, sl, extra: 1 }],
      });
      assert.equal(records.statusCode, 200, records.body);
      assert.deepEqual(records.json(), { model: 'tree', result: expected, resource_uri: '/api/v1/model/tree/predict' });
      const arrays = await call('PUT', '/api/v1/model/tree/predict', { data: [X0] });
      assert.deepEqual(arrays.json().result, expected);
      const dict = await call('POST', '/api/v1/model/tree/predict', {
        columns: ['sl', 'sw', 'pl', 'pw'],
        data: { pw: [pw], pl: [pl], sw: [sw], sl: [sl] },
      });
      assert.deepEqual(dict.json().result, expected);
      const byName = await call('GET', '/api/v1/model/tree/predict?datax=iris%5Bsl%2Csw%2Cpl%2Cpw%5D');
      assert.equal(byName.statusCode, 200, byName.body);
      assert.deepEqual(byName.json().result, iris.species);
    });

    it('serves names with `/` and `@tag`', async () => {
      const slash = await call('POST', '/api/v1/model/group/tree/predict', { data: [X0] });
      assert.equal(slash.statusCode, 200, slash.body);
      assert.deepEqual(slash.json().model, 'group/tree');
      assert.equal((await call('GET', '/api/v1/model/group/tree')).json().result.name, 'group/tree');
      const encoded = await call('GET', '/api/v1/model/group%2Ftree');
      assert.equal(encoded.statusCode, 200, encoded.body);
      const tagged = await call('POST', '/api/v1/model/tree@v1/predict', { data: [X0] });
      assert.equal(tagged.statusCode, 200, tagged.body);
      assert.equal(tagged.json().model, 'tree@v1');
    });

    it('fits and scores from dataset names', async () => {
      const fit = await call('PUT', '/api/v1/model/untrained/fit?datax=iris[sl,sw,pl,pw]&datay=iris[species]');
      assert.equal(fit.statusCode, 200, fit.body);
      assert.equal(fit.json().result.kindMeta.fitted, true);
      const score = await call('GET', '/api/v1/model/untrained/score?datax=iris[sl,sw,pl,pw]&datay=iris[species]');
      assert.equal(score.statusCode, 200, score.body);
      assert.equal(typeof score.json().result, 'number');
      const literal = await call('POST', '/api/v1/model/untrained/score', { data: iris.X, y: iris.species });
      assert.equal(literal.json().result, score.json().result);
    });

    it('audits fits (they write a version) but not predictions', async () => {
      await call('POST', '/api/v1/model/tree/predict', { data: [X0] });
      await call('PUT', '/api/v1/model/tree/fit?datax=iris[sl,sw,pl,pw]&datay=iris[species]');
      let objects: (string | null)[] = [];
      for (let attempt = 0; attempt < 200 && !objects.includes('tree/fit'); attempt++) {
        objects = (await suite.om.audit()).map((entry) => entry.object);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.ok(objects.includes('tree/fit'), 'the fit is audited');
      assert.ok(!objects.includes('tree/predict'), 'the prediction is not');
    });

    it('sees only the request’s bucket: a model of the default bucket is a 404 in bucket other', async () => {
      const other = await call('POST', '/api/v1/model/tree/predict', { data: [X0] }, { bucket: 'other' });
      assert.match(expectProblem(other, 404).detail, /models\/tree \(bucket other\) does not exist/);
      expectProblem(await call('GET', '/api/v1/model/tree', undefined, { bucket: 'other' }), 404);
    });

    it('answers bad input with problems and keeps serving', async () => {
      const unknown = await call('POST', '/api/v1/model/tree/explode', { data: [X0] });
      assert.match(expectProblem(unknown, 400).detail, /unknown model action explode/);
      assert.match(expectProblem(await call('GET', '/api/v1/model/tree/explode'), 404).detail, /model actions are/);
      assert.match(expectProblem(await call('POST', '/api/v1/model/tree/predict', {}), 400).detail, /needs X/);
      expectProblem(await call('POST', '/api/v1/model/tree/predict', { data: 'abc' }), 400);
      expectProblem(await call('POST', '/api/v1/model/tree/predict', { data: [X0], columns: 'sl' }), 400);
      const malformed = await suite.app.inject({
        method: 'POST',
        url: '/api/v1/model/tree/predict',
        headers: { 'content-type': 'application/json' },
        payload: '{"data": [[1,2',
      });
      expectProblem(malformed, 400);
      const width = await call('POST', '/api/v1/model/tree/predict', { data: [[1, 2]] });
      assert.match(expectProblem(width, 422).detail, /expects 4 features, got 2/);
      const untrained = await call('POST', '/api/v1/model/group/none/predict', { data: [X0] });
      expectProblem(untrained, 404);
      for (const name of ['..%2F..%2Fetc%2Fpasswd', "x'%3B%20drop%20table%20omega_metadata%3B--", 'a%00b']) {
        const response = await call('POST', `/api/v1/model/${name}/predict`, { data: [X0] });
        assert.ok([400, 404].includes(response.statusCode), `${name}: ${response.statusCode}`);
        expectProblem(response, response.statusCode);
      }
      assert.equal((await call('POST', '/api/v1/model/tree/predict', { data: [X0] })).statusCode, 200);
    });

    it('runs async: 202 with a Location, then the response, or a 422 for a failed task', async () => {
      const accepted = await call('POST', '/api/v1/model/tree/predict?async=true', { data: [X0] });
      assert.equal(accepted.statusCode, 202, accepted.body);
      const { task_id, status, resource_uri } = accepted.json();
      assert.equal(status, 'queued');
      assert.equal(resource_uri, '/api/v1/model/tree/predict');
      assert.equal(accepted.headers.location, `/api/v1/task/${task_id}/result`);
      const done = await pollTask(suite.app, String(accepted.headers.location));
      assert.equal(done.statusCode, 200);
      assert.deepEqual(done.json(), {
        task_id,
        status: 'succeeded',
        response: { model: 'tree', result: [iris.species[0]], resource_uri: '/api/v1/model/tree/predict' },
      });
      const status200 = await call('GET', `/api/v1/task/${task_id}/status`);
      assert.deepEqual(status200.json(), { task_id, status: 'succeeded' });

      const byHeader = await call('POST', '/api/v1/model/tree/predict', { data: [[1, 2]] }, { async: 'true' });
      assert.equal(byHeader.statusCode, 202);
      const failed = await pollTask(suite.app, String(byHeader.headers.location));
      assert.match(expectProblem(failed, 422).detail, /expects 4 features/);
      expectProblem(await call('GET', `/api/v1/task/${byHeader.json().task_id}/status`), 422);

      const elsewhere = await call('GET', `/api/v1/task/${task_id}/result`, undefined, { bucket: 'other' });
      expectProblem(elsewhere, 404);
      expectProblem(await call('GET', '/api/v1/task/00000000-0000-0000-0000-000000000000/result'), 404);
      expectProblem(await call('GET', '/api/v1/task/bad%20id/result'), 400);
      const missing = await call('POST', '/api/v1/model/nothing/predict?async=true', { data: [X0] });
      expectProblem(missing, 404);
    });
  });
}
