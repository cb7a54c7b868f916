import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../helpers/engines.js';
import { jobFixture } from '../jobs/job-fixtures.js';
import { expectProblem, pollTask, serverSuite } from './helpers.js';

for (const engine of ENGINES) {
  describe(`job routes (${engine})`, () => {
    const suite = serverSuite(engine, {
      prepare: async (om) => {
        await om.datasets.put([{ region: 'EU', amount: 2 }], 'sales');
        await om.jobs.put(jobFixture('report.ipynb'), 'report');
        await om.jobs.put(jobFixture('failing.ipynb'), 'failing');
        await om.bucket('dev').jobs.create("'in dev'", 'report');
      },
    });
    const call = (method: 'GET' | 'POST', url: string, payload?: unknown, headers = {}) =>
      suite.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

    it('runs a job with params, sync and async, and answers with the result notebook’s Metadata', async () => {
      const run = await call('POST', '/api/v1/job/report/run', { params: { month: '2026-11' } });
      assert.equal(run.statusCode, 200, run.body);
      const body = run.json();
      assert.equal(body.job, 'report');
      assert.match(body.result.name, /^results\/report_\d{8}T\d{6}\.\d{3}Z\.ipynb$/);
      assert.equal(body.result.prefix, 'jobs/');
      assert.equal(body.resource_uri, '/api/v1/job/report/run');
      assert.deepEqual(await suite.om.datasets.get('totals/2026-11'), { month: '2026-11', region: 'EU', total: 2 });

      const accepted = await call('POST', '/api/v1/job/report.ipynb/run?async=true');
      assert.equal(accepted.statusCode, 202, accepted.body);
      const done = await pollTask(suite.app, String(accepted.headers.location));
      assert.equal(done.statusCode, 200, done.body);
      assert.equal(done.json().response.job, 'report.ipynb');

      const dev = await call('POST', '/api/v1/job/report/run', undefined, { bucket: 'dev' });
      assert.equal(dev.json().result.bucket, 'dev');
    });

    it('lists the runs of a job; a failing cell is a 422 naming the cell, a missing job a 404', async () => {
      const failed = expectProblem(await call('POST', '/api/v1/job/failing/run'), 422);
      assert.match(failed.detail, /job failing failed in cell 2: RangeError: value 5 is over 3/);
      const job = await call('GET', '/api/v1/job/failing');
      assert.equal(job.statusCode, 200, job.body);
      const [run] = job.json().runs;
      assert.equal(run.status, 'error');
      assert.equal(run.message, 'cell 2: RangeError: value 5 is over 3');
      assert.ok(Date.parse(run.at) > 0);
      assert.equal(job.json().result.name, 'failing');
      expectProblem(await call('POST', '/api/v1/job/missing/run'), 404);
      expectProblem(await call('GET', '/api/v1/job/missing'), 404);
      expectProblem(await call('POST', '/api/v1/job/report/run', { params: [1] }), 400);
      expectProblem(await call('POST', '/api/v1/job/report'), 400);
    });
  });
}
