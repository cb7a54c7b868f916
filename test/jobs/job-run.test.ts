import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { TaskError } from '../../src/errors.js';
import { runJobTask } from '../../src/runtime/job-task.js';
import { MESSAGE_VERSION, parseTaskMessage } from '../../src/runtime/message.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { codeCells, jobFixture, notebookFixture, resultText, streamText } from './job-fixtures.js';

const SALES = [
  { region: 'EU', amount: 10 },
  { region: 'US', amount: 5 },
  { region: 'EU', amount: 2.5 },
];

for (const engine of ENGINES) {
  describe(`om.runtime.job: notebooks run locally (${engine})`, () => {
    const t = suiteContext(engine, async (om) => {
      await om.datasets.put(SALES, 'sales');
      await om.jobs.put(jobFixture('report.ipynb'), 'report');
      await om.jobs.put(jobFixture('failing.ipynb'), 'failing');
    });

    it('runs TypeScript cells in one scope, params after the parameters cell, and stores the result notebook', async () => {
      const meta = await t.om.runtime.job('report').run({ params: { month: '2026-11' } });
      assert.match(meta.name, /^results\/report_\d{8}T\d{6}\.\d{3}Z\.ipynb$/);
      assert.equal(meta.attributes.source_job, 'report');
      const notebook = await t.om.jobs.get(meta.name);
      const [parameters, injected, load, total] = codeCells(notebook);
      assert.deepEqual(injected?.metadata.tags, ['injected-parameters']);
      assert.equal(injected?.source, 'month = "2026-11";');
      assert.deepEqual(injected?.outputs, [], 'the injected cell shows no value');
      assert.equal(parameters?.execution_count, 1);
      assert.equal(streamText(load?.outputs ?? [], 'stdout'), 'month 2026-11, region EU: 2 sales\n');
      assert.equal(resultText(load?.outputs ?? []), '2');
      assert.equal(streamText(total?.outputs ?? [], 'stderr'), 'stored the total\n');
      assert.equal(resultText(total?.outputs ?? []), "{ month: '2026-11', total: 12.5, bucket: 'default' }");
      assert.equal(total?.execution_count, 4);
      assert.deepEqual(await t.om.datasets.get('totals/2026-11'), { month: '2026-11', region: 'EU', total: 12.5 });
      const source = await t.om.jobs.get('report');
      assert.deepEqual(codeCells(source)[1]?.outputs, [], 'the job itself is unchanged');
    });

    it('a cell that throws stops the run; the result notebook holds its error with a stack naming cell and line', async () => {
      const task = t.om.runtime.job('failing').run();
      await assert.rejects(task.result(), (error: unknown) => {
        assert.ok(error instanceof TaskError);
        assert.match(
          error.message,
          /job failing failed in cell 2: RangeError: value 5 is over 3; its result notebook is jobs\/results\/failing_/,
        );
        return true;
      });
      const [run] = await t.om.jobs.runs('failing');
      assert.equal(run?.status, 'error');
      assert.equal(run?.message, 'cell 2: RangeError: value 5 is over 3');
      const notebook = await t.om.jobs.get(run?.result as string);
      const [first, failing, after] = codeCells(notebook);
      assert.equal(streamText(first?.outputs ?? [], 'stdout'), 'first cell ran\n');
      assert.equal(streamText(failing?.outputs ?? [], 'stdout'), 'checking\n');
      const error = failing?.outputs.find((output) => output.output_type === 'error') as {
        ename: string;
        evalue: string;
        traceback: string[];
      };
      assert.equal(error.ename, 'RangeError');
      assert.equal(error.evalue, 'value 5 is over 3');
      // Lines and columns of the TypeScript as written (types and all), through esbuild's source map.
      assert.deepEqual(error.traceback, [
        'RangeError: value 5 is over 3',
        '    at check (cell 2, line 4, column 11)',
        '    at cell 2, line 8, column 1',
      ]);
      assert.deepEqual([after?.outputs, after?.execution_count], [[], null], 'the cell after it never ran');
    });

    it('JavaScript cells: imports, functions, classes and templates carry over; params is there without a parameters cell', async () => {
      await t.om.jobs.put(notebookFixture('counter.ipynb'), 'counter');
      const meta = await t.om.runtime.job('counter.ipynb').run({ params: { extra: 'yes' } });
      const [, second, third] = codeCells(await t.om.jobs.get(meta.name));
      assert.equal(resultText(second?.outputs ?? []), "'a/3'");
      assert.equal(streamText(third?.outputs ?? [], 'stdout'), '2 object\n');
      assert.equal(resultText(third?.outputs ?? []), "[ 3, 'yes' ]");
      assert.equal((await t.om.jobs.get(meta.name)).cells.length, 4, 'no injected cell without a parameters cell');
    });

    it('a module job: its imports and exports work, its last expression is the cell value', async () => {
      await t.om.jobs.put(jobFixture('count-sales.ts'), 'count-sales');
      const meta = await t.om.runtime.job('count-sales').run();
      const [cell] = codeCells(await t.om.jobs.get(meta.name));
      assert.equal(streamText(cell?.outputs ?? [], 'stdout'), 'count-sales.ts\n');
      assert.equal(resultText(cell?.outputs ?? []), '30');
    });

    it('a cell that prints 1 MB keeps all of it', async () => {
      await t.om.jobs.put(notebookFixture('loud.ipynb'), 'loud');
      const meta = await t.om.runtime.job('loud').run();
      const [cell] = codeCells(await t.om.jobs.get(meta.name));
      const text = streamText(cell?.outputs ?? [], 'stdout');
      assert.equal(text.length, 1024 * 1024);
      assert.equal(cell?.outputs.length, 2, 'one stream output, then the value');
    });

    it('records every run in the history, oldest first, ok and error', async () => {
      await t.om.jobs.create('const x: number = 41;\nx + 1', 'answer');
      const first = await t.om.runtime.job('answer').run();
      const second = await t.om.runtime.job('answer').run();
      const runs = await t.om.jobs.runs('answer.ipynb');
      assert.deepEqual(
        runs.map((run) => [run.status, run.result, run.message]),
        [
          ['ok', first.name, null],
          ['ok', second.name, null],
        ],
      );
      assert.ok(runs.every((run) => run.at instanceof Date && run.seconds >= 0 && typeof run.task === 'string'));
      assert.ok((await t.om.jobs.list('results/answer_*')).length === 2);
    });

    it('a task that runs again (a retry) stores one result notebook and one history entry', async () => {
      await t.om.jobs.create("console.log('once')", 'retried');
      const message = parseTaskMessage({
        v: MESSAGE_VERSION,
        id: randomUUID(),
        context: t.om.context,
        bucket: 'default',
        label: 'default',
        submitted: new Date().toISOString(),
        task: 'job',
        job: 'retried',
        params: {},
      });
      assert.equal(message.task, 'job');
      if (message.task !== 'job') return;
      const first = await runJobTask(t.om, message, { worker: 'w1', timeoutMs: 10_000 });
      const again = await runJobTask(t.om, message, { worker: 'w2', timeoutMs: 10_000 });
      assert.deepEqual(again, first);
      assert.equal((await t.om.jobs.runs('retried')).length, 1);
      assert.equal((await t.om.jobs.list('results/retried_*')).length, 1);
    });

    it('a syntax error, a name declared twice across cells and a timeout each fail their cell; earlier cells ran', async () => {
      const notebook = (sources: string[]) => ({
        nbformat: 4,
        nbformat_minor: 5,
        metadata: {},
        cells: sources.map((source) => ({
          cell_type: 'code',
          source,
          metadata: {},
          outputs: [],
          execution_count: null,
        })),
      });
      const outcome = async (name: string, sources: string[], timeoutMs?: number) => {
        await t.om.jobs.put(notebook(sources), name);
        await assert.rejects(t.om.runtime.job(name).run({ timeoutMs }).result(), TaskError);
        const [run] = await t.om.jobs.runs(name);
        const cells = codeCells(await t.om.jobs.get(run?.result as string));
        return { message: run?.message, printed: streamText(cells[0]?.outputs ?? [], 'stdout') };
      };
      assert.deepEqual(await outcome('syntax', ["console.log('ran')", 'let = = 2']), {
        message: 'cell 2: SyntaxError: Unexpected "="',
        printed: 'ran\n',
      });
      assert.deepEqual(await outcome('twice', ["console.log('ran'); let a = 1", 'let a = 2']), {
        message: "cell 2: SyntaxError: Identifier 'a' has already been declared",
        printed: 'ran\n',
      });
      const late = await outcome('late', ["console.log('ran')", 'await new Promise((r) => setTimeout(r, 600))'], 100);
      assert.match(late.message ?? '', /^cell 2: TimeoutError: the job did not finish within 100 ms/);
      assert.equal(late.printed, 'ran\n');
    });

    it('a promise a cell ends with is awaited: its value shown, its rejection the cell error', async () => {
      await t.om.jobs.create("om.datasets.get('sales').then((rows) => rows.length)", 'pending');
      const meta = await t.om.runtime.job('pending').run();
      assert.equal(resultText(codeCells(await t.om.jobs.get(meta.name))[0]?.outputs ?? []), '3');
      await t.om.jobs.create("om.datasets.get('missing')", 'rejected');
      await assert.rejects(t.om.runtime.job('rejected').run().result(), /cell 1: NotFoundError: data\/missing/);
    });

    it('cells are strict code: a name assigned without a declaration is an error, never a global', async () => {
      await t.om.jobs.create('leaked = 1', 'sloppy', { language: 'javascript' });
      await assert.rejects(t.om.runtime.job('sloppy').run().result(), /cell 1: ReferenceError: leaked is not defined/);
      assert.equal('leaked' in globalThis, false);
    });

    it('a job in bucket dev runs in dev and stores its result and history there', async () => {
      const dev = t.om.bucket('dev');
      await dev.datasets.put([{ region: 'EU', amount: 1 }], 'sales');
      await dev.jobs.put(jobFixture('report.ipynb'), 'report');
      const meta = await dev.runtime.job('report').run({ params: { month: '2026-12' } });
      assert.equal(meta.bucket, 'dev');
      const [, , , total] = codeCells(await dev.jobs.get(meta.name));
      assert.equal(resultText(total?.outputs ?? []), "{ month: '2026-12', total: 1, bucket: 'dev' }");
      assert.deepEqual(await dev.datasets.get('totals/2026-12'), { month: '2026-12', region: 'EU', total: 1 });
      assert.equal(await t.om.datasets.exists('totals/2026-12'), false);
      assert.equal((await dev.jobs.runs('report')).length, 1);
      assert.equal(await t.om.jobs.exists(meta.name), false);
    });

    it('a missing job is a NotFoundError at submission; bad params are ValidationErrors', async () => {
      await assert.rejects(t.om.runtime.job('nope').run().result(), /jobs\/nope \(bucket default\) does not exist/);
      assert.throws(() => t.om.runtime.job('report').run({ params: [] as never }), /params must be a plain object/);
      assert.throws(() => t.om.runtime.job('report').run({ timeoutMs: -1 }), /timeoutMs/);
    });
  });
}
