import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

for (const engine of ENGINES) {
  describe(`list and exists (${engine})`, () => {
    const t = suiteContext(engine, async (om) => {
      for (const name of [
        'sales',
        'sales/2025',
        'sales/2026/q1',
        'costs',
        'a%b_c',
        '.hidden',
        '_temp',
        'x/.not-hidden',
      ]) {
        await om.datasets.put({ name }, name);
      }
      await om.datasets.put(Buffer.from('b'), 'blob');
    });

    it('lists sorted names without hidden and temp ones', async () => {
      assert.deepEqual(await t.om.datasets.list(), [
        'a%b_c',
        'blob',
        'costs',
        'sales',
        'sales/2025',
        'sales/2026/q1',
        'x/.not-hidden',
      ]);
    });

    it('sorts by code point on every engine, whatever the database collation', async () => {
      const foo = t.om.bucket('sorting');
      for (const name of ['alpha', 'Zeta', 'a-b', 'aB', 'é']) await foo.datasets.put(1, name);
      assert.deepEqual(await foo.datasets.list(), ['Zeta', 'a-b', 'aB', 'alpha', 'é']);
    });

    it('* matches any characters including /, and the pattern is anchored', async () => {
      assert.deepEqual(await t.om.datasets.list('sales*'), ['sales', 'sales/2025', 'sales/2026/q1']);
      assert.deepEqual(await t.om.datasets.list('sales/*'), ['sales/2025', 'sales/2026/q1']);
      assert.deepEqual(await t.om.datasets.list('*q1'), ['sales/2026/q1']);
      assert.deepEqual(await t.om.datasets.list('ales'), []);
      assert.deepEqual(await t.om.datasets.list('a%b_c'), ['a%b_c']);
      assert.deepEqual(await t.om.datasets.list('a_b%c'), []);
    });

    it('regexp is searched unanchored', async () => {
      assert.deepEqual(await t.om.datasets.list(undefined, { regexp: 'ales/20' }), ['sales/2025', 'sales/2026/q1']);
      await assert.rejects(t.om.datasets.list(undefined, { regexp: '(' }), ValidationError);
    });

    it('globs that backtrack in a regexp engine finish: *a*a*a*a*b on 200 and 250 characters', async () => {
      const store = t.om.bucket('backtracking').datasets;
      for (const name of ['a'.repeat(200), 'a'.repeat(250), `${'a'.repeat(249)}b`]) await store.put(1, name);
      assert.deepEqual(await store.list('*a*a*a*a*b'), [`${'a'.repeat(249)}b`]);
      assert.deepEqual(await store.list(`${'*a'.repeat(12)}*b`), [`${'a'.repeat(249)}b`]);
      assert.deepEqual(await store.list(`${'*a'.repeat(12)}*c`), []);
    });

    it('a regexp is bounded: at most 256 characters, and one that backtracks is a ValidationError', async () => {
      const store = t.om.bucket('backtracking-regexp').datasets;
      await store.put(1, 'a'.repeat(250));
      await assert.rejects(store.list(undefined, { regexp: 'a'.repeat(257) }), /at most 256/);
      await assert.rejects(store.list(undefined, { regexp: '(a+)+b' }), (error: Error) => {
        assert.ok(error instanceof ValidationError);
        assert.match(error.message, /took longer than/);
        return true;
      });
      await assert.rejects(store.list(undefined, { regexp: '.*a.*a.*a.*b', raw: true }), ValidationError);
      assert.deepEqual(await store.list(undefined, { regexp: 'a{250}' }), ['a'.repeat(250)]);
    });

    it('hidden, includeTemp, kind and raw', async () => {
      assert.ok((await t.om.datasets.list(undefined, { hidden: true })).includes('.hidden'));
      assert.ok((await t.om.datasets.list(undefined, { includeTemp: true })).includes('_temp'));
      assert.deepEqual(await t.om.datasets.list(undefined, { kind: 'file' }), ['blob']);
      const raw = await t.om.datasets.list('costs', { raw: true });
      assert.equal(raw.length, 1);
      assert.equal(raw[0]?.kind, 'json');
      assert.deepEqual(raw[0]?.kindMeta && Object.keys(raw[0].kindMeta).sort(), ['revision', 'sha256', 'size']);
    });

    it('exists is true for hidden and temp objects too', async () => {
      assert.equal(await t.om.datasets.exists('.hidden'), true);
      assert.equal(await t.om.datasets.exists('_temp'), true);
      assert.equal(await t.om.datasets.exists('sales/2025'), true);
      assert.equal(await t.om.datasets.exists('sales/20*'), false);
    });

    it('stores are separate namespaces', async () => {
      assert.deepEqual(await t.om.scripts.list(), []);
      await t.om.jobs.put({ schedule: 'daily' }, 'sales');
      assert.deepEqual(await t.om.jobs.list(), ['sales']);
      assert.deepEqual(await t.om.datasets.get('sales'), { name: 'sales' });
    });
  });
}
