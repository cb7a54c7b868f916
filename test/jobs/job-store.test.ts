import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '../../src/errors.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { codeCells, jobFixture, notebookFixture } from './job-fixtures.js';

for (const engine of ENGINES) {
  describe(`om.jobs: notebooks (${engine})`, () => {
    const t = suiteContext(engine);

    it('puts a notebook file and gets it back, checked and filled in', async () => {
      const meta = await t.om.jobs.put(jobFixture('report.ipynb'), 'report');
      assert.equal(meta.kind, 'script.ipynb');
      assert.equal(meta.prefix, 'jobs/');
      assert.deepEqual([meta.kindMeta.cells, meta.kindMeta.language], [3, 'typescript']);
      const notebook = await t.om.jobs.get('report');
      assert.equal(notebook.nbformat, 4);
      assert.deepEqual(codeCells(notebook)[0]?.metadata.tags, ['parameters']);
      assert.equal(notebook.cells[0]?.cell_type, 'markdown');
    });

    it('name and name.ipynb are the same job, stored once as name', async () => {
      await t.om.jobs.put(notebookFixture('counter.ipynb'), 'counter.ipynb');
      assert.deepEqual(await t.om.jobs.list('counter*'), ['counter']);
      assert.equal((await t.om.jobs.metadata('counter.ipynb'))?.name, 'counter');
      assert.equal((await t.om.jobs.get('counter')).cells.length, 4);
      await t.om.jobs.put(notebookFixture('counter.ipynb'), 'counter');
      assert.deepEqual(await t.om.jobs.list('counter*'), ['counter']);
      assert.equal(await t.om.jobs.exists('counter.ipynb'), true);
      assert.equal(await t.om.jobs.drop('counter.ipynb'), true);
      assert.equal(await t.om.jobs.exists('counter'), false);
    });

    it('a .ts or .js module is a notebook of one cell in its language; create(code) too', async () => {
      const module = await t.om.jobs.put(jobFixture('count-sales.ts'), 'count-sales');
      assert.deepEqual([module.kindMeta.cells, module.kindMeta.language], [1, 'typescript']);
      const js = join(t.site.home, 'hello.mjs');
      writeFileSync(js, "console.log('hello')\n");
      assert.equal((await t.om.jobs.put(js, 'hello')).kindMeta.language, 'javascript');
      const created = await t.om.jobs.create('const n = 1; n', 'one');
      assert.equal(created.kindMeta.language, 'typescript');
      assert.deepEqual(codeCells(await t.om.jobs.get('one'))[0]?.source, 'const n = 1; n');
    });

    it('a malformed notebook is a ValidationError naming what is wrong, and nothing is stored', async () => {
      await assert.rejects(t.om.jobs.put(jobFixture('malformed.ipynb'), 'bad'), (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.match(
          error.message,
          /malformed\.ipynb is not a valid Jupyter notebook \(nbformat 4\): cells\.1\.source/,
        );
        return true;
      });
      await assert.rejects(t.om.jobs.put({ nbformat: 3, cells: [] }, 'bad'), /nbformat: Invalid input: expected 4/);
      await assert.rejects(t.om.jobs.put({ cells: [{ cell_type: 'code' }] }, 'bad'), /nbformat.*cells\.0\.source/);
      const python = {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: 'python3', language: 'python' } },
        cells: [],
      };
      await assert.rejects(
        t.om.jobs.put(python, 'bad'),
        /written for a python kernel; job cells are JavaScript or TypeScript/,
      );
      const notJson = join(t.site.home, 'broken.ipynb');
      writeFileSync(notJson, '{ "nbformat": 4,');
      await assert.rejects(t.om.jobs.put(notJson, 'bad'), /broken\.ipynb is not JSON/);
      await assert.rejects(
        t.om.jobs.put(join(t.site.home, 'missing.ipynb'), 'bad'),
        /cannot read job .*missing\.ipynb/,
      );
      await assert.rejects(t.om.jobs.put(join(t.site.home, 'broken.ipynb.txt'), 'bad'), ValidationError);
      assert.equal(await t.om.jobs.exists('bad'), false);
    });

    it('other values are stored by their backends, as in omega|ml, but only notebooks run', async () => {
      assert.equal((await t.om.jobs.put({ answer: 42 }, 'settings.ipynb')).kind, 'json');
      assert.deepEqual(await t.om.jobs.get('settings'), { answer: 42 });
      await assert.rejects(t.om.runtime.job('settings').run().result(), (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.equal(error.message, 'jobs/settings is of kind json: only notebooks (script.ipynb) run');
        return true;
      });
    });

    it('get, runs and drop of a missing job are NotFoundErrors', async () => {
      await assert.rejects(t.om.jobs.get('nope.ipynb'), NotFoundError);
      await assert.rejects(t.om.jobs.runs('nope'), NotFoundError);
      await assert.rejects(t.om.jobs.drop('nope'), NotFoundError);
    });
  });
}
