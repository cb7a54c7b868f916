import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runtimeSuite, SUITE_OPTIONS } from '../runtime/bullmq/runtime-suite.js';
import { sleep, untilRunning } from '../runtime/bullmq/training.js';
import { codeCells, jobFixture, resultText, streamText } from './job-fixtures.js';

describe('om.runtime.job on workers (BullMQ)', SUITE_OPTIONS, () => {
  const suite = runtimeSuite({ main: 'postgres' }, async (s) => {
    const om = s.om();
    await om.datasets.put([{ region: 'EU', amount: 4 }], 'sales');
    await om.jobs.put(jobFixture('report.ipynb'), 'report');
    await om.jobs.put(jobFixture('report.ipynb'), 'bound', { attributes: { require: { label: 'reports' } } });
    await om.jobs.create(
      "console.log('started');\nawait new Promise((resolve) => setTimeout(resolve, 4000));\n'slept'",
      'slow',
      { language: 'javascript' },
    );
  });

  it("runs on a worker of the job's label, in the caller's bucket (dev too); require('local') runs in-process", {
    timeout: 60_000,
  }, async () => {
    const om = suite.om();
    const worker = await suite.startWorker({ labels: ['default', 'reports'] });
    const meta = await om.runtime.job('report').run({ params: { month: '2026-11' } });
    assert.deepEqual(meta.attributes.task, { id: (meta.attributes.task as { id: string }).id, worker: worker.id });
    const [, , load, total] = codeCells(await om.jobs.get(meta.name));
    assert.equal(streamText(load?.outputs ?? [], 'stdout'), 'month 2026-11, region EU: 1 sales\n');
    assert.equal(resultText(total?.outputs ?? []), "{ month: '2026-11', total: 4, bucket: 'default' }");

    const dev = om.bucket('dev');
    await dev.datasets.put([{ region: 'EU', amount: 7 }], 'sales');
    await dev.jobs.put(jobFixture('report.ipynb'), 'report');
    const inDev = await dev.runtime.job('report').run({ params: { month: '2026-12' } });
    assert.equal(inDev.bucket, 'dev');
    assert.deepEqual(await dev.datasets.get('totals/2026-12'), { month: '2026-12', region: 'EU', total: 7 });
    assert.equal(await om.datasets.exists('totals/2026-12'), false);

    const bound = om.runtime.job('bound').run();
    assert.equal(await bound.label(), 'reports');
    assert.equal(((await bound).attributes.task as { worker: string }).worker, worker.id);

    const local = await om.runtime.require('local').job('report').run();
    assert.match((local.attributes.task as { worker: string }).worker, /^local@/);
    assert.equal((await om.jobs.runs('report')).length, 2);
    await worker.untilOutput(/task \S+ job report context=\S+ label=default bucket=default .* ok$/m);
  });

  it('a run whose worker is SIGKILLed runs again on another and is stored once', { timeout: 90_000 }, async () => {
    const om = suite.om();
    const A = await suite.startWorker({ labels: ['slow'], stallMs: 2000 });
    const task = om.runtime.require('slow').job('slow').run();
    await untilRunning(task);
    await sleep(500);
    assert.deepEqual(await A.kill(), { code: null, signal: 'SIGKILL' });
    assert.equal(await om.jobs.list('results/slow_*').then((names) => names.length), 0, 'nothing stored yet');
    const B = await suite.startWorker({ labels: ['slow'], stallMs: 2000 });
    const meta = await task.result({ timeoutMs: 60_000 });
    assert.equal((meta.attributes.task as { worker: string }).worker, B.id);
    assert.deepEqual(await om.jobs.list('results/slow_*'), [meta.name]);
    const runs = await om.jobs.runs('slow');
    assert.deepEqual(
      runs.map((run) => [run.task, run.status, run.result]),
      [[task.id, 'ok', meta.name]],
    );
    assert.equal(resultText(codeCells(await om.jobs.get(meta.name))[0]?.outputs ?? []), "'slept'");
  });
});
