// Promoting datasets (table, json, file), scripts and jobs (API.md §7): the target is replaced,
// attributes carried over, a replaced table's SQL table dropped; source and target independent.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ScriptPackage } from '../../src/index.js';
import { FIXTURES } from '../scripts/scratch.js';
import { ENGINES, PAIRS, pairName, pairSuite, raw, versionOf } from './pairs.js';

const SALES = [
  { region: 'EU', amount: 12.5 },
  { region: 'US', amount: 3 },
  { region: 'APAC', amount: 7.25 },
];

for (const pair of PAIRS) {
  describe(`dataset, script and job promotion across contexts (${pairName(pair)})`, () => {
    const t = pairSuite(pair);

    it('a table replaces the target table: rows, attributes, old SQL table dropped', async () => {
      const { dev, prod, prodLocation } = t.ctx;
      await dev.datasets.put(SALES, 'sales', { attributes: { owner: 'dev' } });
      await prod.datasets.put([{ old: true }, { old: false }], 'sales', { attributes: { stale: 1 } });
      const tablesBefore = await raw(prodLocation).dataTables();
      const oldTable = (await prod.datasets.metadata('sales'))?.kindMeta.table;

      const result = await dev.datasets.promote('sales', prod.datasets);
      assert.equal(result.plan.action, 'replace');
      assert.equal(result.plan.copy, 'stream');
      assert.equal(result.plan.rows, 3);
      assert.deepEqual(await prod.datasets.get('sales'), SALES);
      const meta = await prod.datasets.metadata('sales');
      assert.equal(meta?.kind, 'table');
      assert.deepEqual(meta?.attributes, { owner: 'dev' }, 'attributes carried over, the old ones gone');
      const tablesAfter = await raw(prodLocation).dataTables();
      assert.equal(tablesAfter.length, tablesBefore.length, 'one table in, one out: no stray omega_t_ table');
      assert.ok(!tablesAfter.includes(oldTable as string), 'the replaced table is dropped');
    });

    it('every column type, null and index survives the copy across engines; a multi-MiB file too', async () => {
      const { dev, prod } = t.ctx;
      const rows = [
        { i: 1, big: 9007199254740993n, f: 1.5, t: 'héllo "q"', b: true, when: new Date('2026-01-02T03:04:05.678Z') },
        { i: null, big: -5n, f: Number.NEGATIVE_INFINITY, t: null, b: false, when: null },
        { i: 3, big: null, f: -0.25, t: '', b: null, when: new Date(0) },
      ].map((row, n) => ({ ...row, j: n === 1 ? null : { n, list: [n, 'x'] }, sélect: `s${n}` }));
      await dev.datasets.put(rows, 'types', { index: ['i', 'sélect'] });
      await dev.datasets.promote('types', prod.datasets);
      assert.deepEqual(await prod.datasets.get('types'), await dev.datasets.get('types'));
      const [source, target] = [await dev.datasets.metadata('types'), await prod.datasets.metadata('types')];
      assert.deepEqual(target?.kindMeta.columns, source?.kindMeta.columns);
      assert.deepEqual(target?.kindMeta.indexes, ['i', 'sélect']);
      assert.equal(
        await prod.datasets
          .getl('types')
          .where({ i__gte: 1, sélect__in: ['s0', 's2'] })
          .count(),
        2,
      );

      const bytes = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
      bytes.write('head');
      await dev.datasets.put(bytes, 'large-file');
      await dev.datasets.promote('large-file', prod.datasets);
      assert.ok(bytes.equals((await prod.datasets.get('large-file')) as Buffer));
    });

    it('source and target tables are independent afterwards', async () => {
      const { dev, prod } = t.ctx;
      await dev.datasets.put(SALES, 'indep');
      await dev.datasets.promote('indep', prod.datasets);
      await dev.datasets.put([{ region: 'LATAM', amount: 1 }], 'indep');
      assert.equal(await prod.datasets.getl('indep').count(), 3);
      await prod.datasets.put([{ region: 'MEA', amount: 2 }], 'indep');
      await prod.datasets.put([{ region: 'MEA', amount: 4 }], 'indep');
      assert.equal(await dev.datasets.getl('indep').count(), 4);
      await dev.datasets.drop('indep');
      assert.equal(await prod.datasets.getl('indep').count(), 5);
    });

    it('json and file datasets replace the target, attributes carried over; another kind too', async () => {
      const { dev, prod, prodLocation } = t.ctx;
      await dev.datasets.put({ threshold: 0.7 }, 'config', { attributes: { v: 2 } });
      await prod.datasets.put({ threshold: 0.1, legacy: true }, 'config', { attributes: { v: 1, legacy: true } });
      const json = await dev.datasets.promote('config', prod.datasets);
      assert.equal(json.plan.action, 'replace');
      assert.deepEqual(await prod.datasets.get('config'), { threshold: 0.7 });
      assert.deepEqual((await prod.datasets.metadata('config'))?.attributes, { v: 2 });

      const bytes = Buffer.from('%PDF-1.7 a report\n'.repeat(1000));
      await dev.datasets.put(bytes, 'reports/2026-11', { attributes: { pages: 3 } });
      await prod.datasets.put([{ a: 1 }], 'reports/2026-11');
      const tablesBefore = await raw(prodLocation).dataTables();
      const file = await dev.datasets.promote('reports/2026-11', prod.datasets);
      assert.equal(file.plan.bytes, bytes.length);
      assert.equal(file.plan.copy, 'stream');
      assert.equal((await prod.datasets.metadata('reports/2026-11'))?.kind, 'file');
      assert.deepEqual(await prod.datasets.get('reports/2026-11'), bytes);
      assert.deepEqual((await prod.datasets.metadata('reports/2026-11'))?.attributes, { pages: 3 });
      assert.equal((await raw(prodLocation).dataTables()).length, tablesBefore.length - 1, 'the table it replaced');

      await dev.datasets.put(Buffer.from('changed'), 'reports/2026-11');
      assert.deepEqual(await prod.datasets.get('reports/2026-11'), bytes);
    });

    it('a script is promoted and runs in the target', async () => {
      const { dev, prod } = t.ctx;
      const meta = await dev.scripts.put(join(FIXTURES, 'hello.js'), 'hello', { attributes: { team: 'ds' } });
      const result = await dev.scripts.promote('hello', prod.scripts);
      assert.equal(result.plan.action, 'create');
      assert.equal(versionOf(await prod.scripts.metadata('hello')), versionOf(meta));
      assert.ok((await prod.scripts.get('hello')) instanceof ScriptPackage);
      assert.deepEqual(await prod.scripts.get('hello'), await dev.scripts.get('hello'));
      assert.deepEqual((await prod.scripts.metadata('hello'))?.attributes, { team: 'ds' });
      const run = await prod.runtime.script('hello').run({ name: 'prod' });
      assert.deepEqual(run.result, { greeting: 'hello prod' });
    });

    it('a job (a json object) replaces the target job', async () => {
      const { dev, prod } = t.ctx;
      const job = { script: 'hello', schedule: '0 6 * * *', payload: { name: 'prod' } };
      await dev.jobs.put(job, 'nightly', { attributes: { owner: 'dev' } });
      await prod.jobs.put({ script: 'old', schedule: '@hourly' }, 'nightly', { attributes: { paused: true } });
      const result = await dev.jobs.promote('nightly', prod.jobs);
      assert.equal(result.plan.action, 'replace');
      assert.deepEqual(await prod.jobs.get('nightly'), job);
      assert.deepEqual((await prod.jobs.metadata('nightly'))?.attributes, { owner: 'dev' });
      assert.deepEqual(await prod.jobs.list(), ['nightly']);
    });
  });
}

for (const engine of ENGINES) {
  describe(`dataset promotion inside one context (${engine})`, () => {
    const t = pairSuite({ source: engine, target: engine });

    it('to another bucket: the table is copied in SQL into a table of its own', async () => {
      const { dev, devLocation } = t.ctx;
      const live = dev.bucket('live');
      await dev.datasets.put(SALES, 'sales', { attributes: { owner: 'dev' } });
      await live.datasets.put([{ x: 1 }], 'sales');
      const tablesBefore = await raw(devLocation).dataTables();
      const result = await dev.datasets.promote('sales', live.datasets);
      assert.equal(result.plan.copy, 'sql');
      assert.equal(result.plan.action, 'replace');
      assert.deepEqual(await live.datasets.get('sales'), SALES);
      assert.deepEqual((await live.datasets.metadata('sales'))?.attributes, { owner: 'dev' });
      assert.notEqual(
        (await live.datasets.metadata('sales'))?.kindMeta.table,
        (await dev.datasets.metadata('sales'))?.kindMeta.table,
      );
      assert.equal((await raw(devLocation).dataTables()).length, tablesBefore.length, 'the replaced table is dropped');

      await dev.datasets.put([{ region: 'LATAM', amount: 1 }], 'sales');
      assert.equal(await live.datasets.getl('sales').count(), 3, 'appending to the source leaves the target');
      await dev.datasets.drop('sales');
      assert.deepEqual(await live.datasets.get('sales'), SALES);
    });

    it('a script to another bucket, a job under asName', async () => {
      const { dev } = t.ctx;
      const script = await dev.scripts.put(join(FIXTURES, 'hello.js'), 'hello');
      await dev.scripts.promote('hello', dev.bucket('live').scripts);
      assert.equal(versionOf(await dev.bucket('live').scripts.metadata('hello')), versionOf(script));
      const run = await dev.bucket('live').runtime.script('hello').run({ name: 'live' });
      assert.deepEqual(run.result, { greeting: 'hello live' });
      await dev.jobs.put({ script: 'hello' }, 'nightly');
      await dev.jobs.put({ script: 'old' }, 'nightly-live', { attributes: { old: true } });
      const job = await dev.jobs.promote('nightly', dev.jobs, { asName: 'nightly-live' });
      assert.equal(job.plan.action, 'replace');
      assert.deepEqual(await dev.jobs.get('nightly-live'), { script: 'hello' });
      assert.deepEqual((await dev.jobs.metadata('nightly-live'))?.attributes, {});
    });

    it('to the same store under asName; json and file share their bytes (copy none)', async () => {
      const { dev } = t.ctx;
      await dev.datasets.put(SALES, 'sales2');
      await dev.datasets.promote('sales2', dev.datasets, { asName: 'sales2-snapshot' });
      await dev.datasets.put([{ region: 'LATAM', amount: 1 }], 'sales2');
      assert.deepEqual(await dev.datasets.get('sales2-snapshot'), SALES);

      await dev.datasets.put([1, 2, 3], 'list');
      const json = await dev.datasets.promote('list', dev.bucket('live').datasets);
      assert.equal(json.plan.copy, 'none');
      assert.deepEqual(await dev.bucket('live').datasets.get('list'), [1, 2, 3]);
      await dev.datasets.put(Buffer.from([1, 2, 3]), 'blob');
      const file = await dev.datasets.promote('blob', dev.datasets, { asName: 'blob-copy' });
      assert.equal(file.plan.copy, 'none');
      assert.deepEqual(await dev.datasets.get('blob-copy'), Buffer.from([1, 2, 3]));
    });
  });
}
