import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliSuite } from '../cli/om-cli.js';
import { jobFixture } from './job-fixtures.js';

describe('om jobs put|get|list|runs|drop and om runtime job', () => {
  const t = cliSuite('sqlite');

  it('puts a notebook, lists it once under either spelling, gets it into a file', async () => {
    const put = await t.site.omc(['jobs', 'put', jobFixture('report.ipynb'), 'report.ipynb']);
    assert.equal(put.status, 0, put.stderr);
    assert.match(
      put.out,
      /^stored jobs\/report \(bucket default\) as script\.ipynb, \d+ bytes, 3 code cells \(typescript\)\n$/,
    );
    assert.equal((await t.site.omc(['jobs', 'list'])).out, 'report\n');
    const file = join(t.files, 'report-copy.ipynb');
    const get = await t.site.omc(['jobs', 'get', 'report.ipynb', file]);
    assert.equal(get.status, 0, get.stderr);
    assert.equal((JSON.parse(readFileSync(file, 'utf8')) as { nbformat: number }).nbformat, 4);
    const bad = await t.site.omc(['jobs', 'put', jobFixture('malformed.ipynb'), 'bad']);
    assert.equal(bad.status, 1);
    assert.match(
      bad.stderr,
      /^error: notebook .*malformed\.ipynb is not a valid Jupyter notebook \(nbformat 4\): cells\.1\.source/,
    );
  });

  it('runs a job with k=v params, shows its runs, and a failing run exits 1 naming the cell', async () => {
    await t.site.omc(['datasets', 'put', '-', 'sales', '--format', 'jsonl'], '{"region":"EU","amount":3}\n');
    await t.site.omc(['jobs', 'put', jobFixture('report.ipynb'), 'report']);
    const run = await t.site.omc(['runtime', 'job', 'report', 'run', 'month=2026-11']);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.out, /^ran report: result jobs\/results\/report_\d{8}T\d{6}\.\d{3}Z\.ipynb\n$/);
    const json = await t.site.omc(['--json', 'runtime', 'job', 'report', 'region=US']);
    const meta = JSON.parse(json.out) as { name: string; attributes: { source_job: string } };
    assert.equal(meta.attributes.source_job, 'report');
    const result = await t.site.omc(['jobs', 'get', meta.name, '-']);
    assert.match(result.out, /"text": "month 2026-10, region US: 0 sales\\n"/);

    await t.site.omc(['jobs', 'put', jobFixture('failing.ipynb'), 'failing']);
    const failed = await t.site.omc(['runtime', 'job', 'failing']);
    assert.equal(failed.status, 1);
    assert.match(failed.stderr, /job failing failed in cell 2: RangeError: value 5 is over 3/);

    const runs = await t.site.omc(['jobs', 'runs', 'report']);
    assert.equal(runs.status, 0, runs.stderr);
    const lines = runs.out.trimEnd().split('\n');
    assert.match(lines[0] ?? '', /^AT\s+STATUS\s+SECONDS\s+RESULT\s+MESSAGE$/);
    assert.equal(lines.length, 3);
    assert.match(lines[1] ?? '', /^\S+Z\s+ok\s+\d+\.\d{3}\s+results\/report_\S+\.ipynb$/);
    const failedRuns = await t.site.omc(['--json', 'jobs', 'runs', 'failing']);
    const [entry] = JSON.parse(failedRuns.out) as { status: string; message: string }[];
    assert.deepEqual([entry?.status, entry?.message], ['error', 'cell 2: RangeError: value 5 is over 3']);

    assert.equal((await t.site.omc(['jobs', 'drop', 'failing.ipynb'])).status, 0);
    assert.equal((await t.site.omc(['jobs', 'list', 'failing'])).out, '');
  });
});
