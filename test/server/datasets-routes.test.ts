import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { parse } from 'csv-parse/sync';
import type { Omega } from '../../src/omega.js';
import { ENGINES } from '../helpers/engines.js';
import { expectProblem, serverSuite } from './helpers.js';

const SALES = [
  { id: 1, region: 'EU', amount: 12.5, paid: true, at: new Date('2026-01-01T00:00:00Z'), note: 'a,b' },
  { id: 2, region: 'US', amount: 3, paid: false, at: new Date('2026-01-02T00:00:00Z'), note: 'x"y' },
  { id: 3, region: 'EU', amount: 7.25, paid: true, at: new Date('2026-01-03T00:00:00Z'), note: 'line\nbreak' },
  { id: 4, region: 'APAC', amount: null, paid: null, at: null, note: null },
  { id: 5, region: 'eu', amount: 20, paid: false, at: new Date('2026-01-05T00:00:00Z'), note: '' },
];

/** SALES as JSON gives it back: dates as ISO texts. */
const SALES_JSON = SALES.map((row) => ({ ...row, at: row.at?.toISOString() ?? null }));

async function prepare(om: Omega): Promise<void> {
  await om.datasets.put(SALES, 'shop/sales');
  await om.datasets.put({ threshold: 0.7 }, 'config', { kind: 'json' });
  await om.datasets.put(Buffer.from('bytes!'), 'blobs/raw');
}

const ids = (body: string) => (JSON.parse(body).data as { id: number }[]).map((row) => row.id);

for (const engine of ENGINES) {
  describe(`dataset routes (${engine})`, () => {
    const suite = serverSuite(engine, { prepare });
    const get = (url: string, accept?: string) =>
      suite.app.inject({ method: 'GET', url, headers: accept ? { accept } : {} });

    it('answers { data } with rows, names with / included, values as JSON', async () => {
      const response = await get('/api/v1/dataset/shop/sales');
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^application\/json/);
      assert.deepEqual(response.json(), { data: SALES_JSON });
    });

    it('casts filter values by the stored column types', async () => {
      const filtered = async (query: string) => ids((await get(`/api/v1/dataset/shop/sales?${query}`)).body);
      assert.deepEqual(await filtered('region=EU'), [1, 3]);
      assert.deepEqual(await filtered('id__gt=2.5'), [3, 4, 5]);
      assert.deepEqual(await filtered('amount__gte=12.5'), [1, 5]);
      assert.deepEqual(await filtered('paid=true'), [1, 3]);
      assert.deepEqual(await filtered('paid=0'), [2, 5]);
      assert.deepEqual(await filtered('at__lt=2026-01-02T01:00:00%2B02:00'), [1]);
      assert.deepEqual(await filtered('region__in=EU,US'), [1, 2, 3]);
      assert.deepEqual(await filtered('region__in=EU&region__in=APAC'), [1, 3, 4]);
      assert.deepEqual(await filtered('amount__between=3,12.5'), [1, 2, 3]);
      assert.deepEqual(await filtered('note__contains=%2C'), [1]);
      assert.deepEqual(await filtered('amount__isnull=true'), [4]);
      assert.deepEqual(await filtered('region__startswith=E&amount__lt=10'), [3]);
    });

    it('selects columns (query or name), sorts, limits, skips and shapes by orient', async () => {
      const columns = await get('/api/v1/dataset/shop/sales?columns=id,amount&sort=-amount&limit=2&skip=1');
      assert.deepEqual(columns.json(), {
        data: [
          { id: 1, amount: 12.5 },
          { id: 3, amount: 7.25 },
        ],
      });
      const projected = await get(`/api/v1/dataset/${encodeURIComponent('shop/sales[region,id]')}?sort=region,-id`);
      assert.deepEqual(projected.json().data, [
        { region: 'APAC', id: 4 },
        { region: 'EU', id: 3 },
        { region: 'EU', id: 1 },
        { region: 'US', id: 2 },
        { region: 'eu', id: 5 },
      ]);
      const dict = await get('/api/v1/dataset/shop/sales?columns=id,paid&orient=columns&region=EU');
      assert.deepEqual(dict.json(), { data: { id: [1, 3], paid: [true, true] } });
    });

    it('streams CSV, NDJSON and Arrow by Accept, each parsing back to the rows', async () => {
      const csv = await get('/api/v1/dataset/shop/sales', 'text/csv');
      assert.match(String(csv.headers['content-type']), /^text\/csv/);
      const records = parse(csv.body, { columns: true }) as Record<string, string>[];
      assert.deepEqual(
        records.map((r) => r.note),
        SALES.map((r) => r.note ?? ''),
      );
      assert.deepEqual(
        records.map((r) => Number(r.id)),
        [1, 2, 3, 4, 5],
      );
      assert.equal(records[0]?.at, '2026-01-01T00:00:00.000Z');

      const ndjson = await get('/api/v1/dataset/shop/sales', 'application/x-ndjson');
      assert.match(String(ndjson.headers['content-type']), /^application\/x-ndjson/);
      const lines = ndjson.body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      assert.deepEqual(lines, SALES_JSON);

      const arrow = await get('/api/v1/dataset/shop/sales?sort=-id', 'application/vnd.apache.arrow.stream');
      assert.equal(arrow.headers['content-type'], 'application/vnd.apache.arrow.stream');
      const table = tableFromIPC(arrow.rawPayload);
      assert.equal(table.numRows, 5);
      assert.deepEqual(Array.from(table.getChild('id')?.toArray() ?? [], Number), [5, 4, 3, 2, 1]);
      assert.deepEqual(table.getChild('region')?.toArray(), ['eu', 'APAC', 'EU', 'US', 'EU']);
      assert.equal(table.getChild('at')?.get(4), Date.parse('2026-01-01T00:00:00Z'));
      assert.equal(table.getChild('paid')?.get(1), null);
    });

    it('negotiates Accept by quality and refuses what it cannot send', async () => {
      const preferred = await get('/api/v1/dataset/shop/sales', 'text/csv;q=0.5, application/x-ndjson');
      assert.match(String(preferred.headers['content-type']), /^application\/x-ndjson/);
      const any = await get('/api/v1/dataset/shop/sales', '*/*');
      assert.match(String(any.headers['content-type']), /^application\/json/);
      expectProblem(await get('/api/v1/dataset/shop/sales', 'image/png'), 400);
      expectProblem(await get('/api/v1/dataset/shop/sales?orient=columns', 'text/csv'), 400);
    });

    it('streams an empty result as a header, an empty list or an Arrow schema', async () => {
      assert.equal((await get('/api/v1/dataset/shop/sales?id=99&columns=id,note', 'text/csv')).body, 'id,note\n');
      assert.deepEqual((await get('/api/v1/dataset/shop/sales?id=99')).json(), { data: [] });
      const arrow = await get('/api/v1/dataset/shop/sales?id=99', 'application/vnd.apache.arrow.stream');
      const table = tableFromIPC(arrow.rawPayload);
      assert.equal(table.numRows, 0);
      assert.deepEqual(
        table.schema.fields.map((f) => f.name),
        ['id', 'region', 'amount', 'paid', 'at', 'note'],
      );
    });

    it('answers bad queries with a 400 that names the key or value', async () => {
      const detail = async (query: string) =>
        expectProblem(await get(`/api/v1/dataset/shop/sales?${query}`), 400).detail;
      assert.match(await detail('nope=1'), /filter "nope": no such column/);
      assert.match(await detail('id=abc'), /"abc" does not fit column "id" \(integer\)/);
      assert.match(await detail('paid=maybe'), /"maybe" does not fit column "paid"/);
      assert.match(await detail('id__like=1'), /unknown operator "like"/);
      assert.match(await detail('at__gt=yesterday'), /"yesterday" cannot be compared with a timestamp column/);
      assert.match(await detail('region__gt=1&region__gt=2'), /given 2 times/);
      assert.match(await detail('limit=-1'), /limit must be given once, as a non-negative integer/);
      assert.match(await detail('orient=index'), /orient must be records or columns/);
      assert.match(await detail('sort=-'), /sort takes column names/);
      assert.match(await detail('columns=id,ghost'), /unknown column "ghost"/);
      assert.match(await detail(`${encodeURIComponent('id; drop table metadata; --')}=1`), /no such column/);
      const both = await get(`/api/v1/dataset/${encodeURIComponent('shop/sales[id]')}?columns=id`);
      expectProblem(both, 400);
    });

    it('refuses 10,000 filters with one 400, before the database sees them', async () => {
      const query = Array.from({ length: 10_000 }, (_, i) => `id__ne=${i}`).join('&');
      const problem = expectProblem(await get(`/api/v1/dataset/shop/sales?${query}`), 400);
      assert.match(problem.detail, /too many filters: 10000 conditions/);
      const wide = Array.from({ length: 10_000 }, (_, i) => i).join(',');
      assert.match(
        expectProblem(await get(`/api/v1/dataset/shop/sales?id__in=${wide}`), 400).detail,
        /10000 values \(at most 1000\)/,
      );
      assert.equal((await get('/api/v1/dataset/shop/sales?id=1')).statusCode, 200);
    });

    it('answers json and file datasets as themselves, and a missing one with 404', async () => {
      assert.deepEqual((await get('/api/v1/dataset/config')).json(), { data: { threshold: 0.7 } });
      const file = await get('/api/v1/dataset/blobs/raw');
      assert.equal(file.headers['content-type'], 'application/octet-stream');
      assert.equal(file.body, 'bytes!');
      expectProblem(await get('/api/v1/dataset/config?threshold=1'), 400);
      expectProblem(await get('/api/v1/dataset/nothing/here'), 404);
      expectProblem(await get('/api/v1/dataset/bad%00name'), 400);
    });

    it('puts JSON rows or a column dict, appending unless append is false', async () => {
      const put = (payload: unknown) => suite.app.inject({ method: 'PUT', url: '/api/v1/dataset/in/json', payload });
      const first = await put({ data: [{ a: 1, at: '2026-01-01T00:00:00Z' }] });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().dataset, 'in/json');
      assert.equal(first.json().result.kindMeta.rows, 1);
      assert.deepEqual(
        first.json().result.kindMeta.columns.map((c: { type: string }) => c.type),
        ['integer', 'timestamp'],
      );
      const appended = await put({ data: { a: [2, 3], at: [null, '2026-01-03T00:00:00Z'] } });
      assert.equal(appended.json().result.kindMeta.rows, 3);
      const replaced = await put({ data: [{ a: 9, at: null }], append: false });
      assert.equal(replaced.json().result.kindMeta.rows, 1);
      assert.deepEqual(await suite.om.datasets.get('in/json'), [{ a: 9, at: null }]);
      expectProblem(await put({ data: [{ a: 'text' }] }), 400);
      expectProblem(await put({ data: [] }), 400);
      expectProblem(await put({ rows: [{ a: 1 }] }), 400);
      expectProblem(await put({ data: { a: [1], b: [] } }), 400);
      assert.deepEqual(await suite.om.datasets.get('in/json'), [{ a: 9, at: null }]);
    });

    it('imports CSV, NDJSON and Arrow bodies by Content-Type', async () => {
      const put = (url: string, type: string, payload: string | Buffer) =>
        suite.app.inject({ method: 'PUT', url, payload, headers: { 'content-type': type } });
      const csv = await put('/api/v1/dataset/in/csv', 'text/csv; charset=utf-8', 'a,b,when\n1,"x,y",2026-01-01\n2,,\n');
      assert.equal(csv.statusCode, 200, csv.body);
      assert.deepEqual(await suite.om.datasets.get('in/csv'), [
        { a: 1, b: 'x,y', when: new Date('2026-01-01T00:00:00Z') },
        { a: 2, b: null, when: null },
      ]);
      // appended, read as the stored types
      await put('/api/v1/dataset/in/csv', 'text/csv', 'when,a,b\n2026-01-02,3,z\n');
      assert.equal((await suite.om.datasets.get<unknown[]>('in/csv')).length, 3);
      const replaced = await put('/api/v1/dataset/in/csv?append=false', 'text/csv', 'c\ntrue\n');
      assert.deepEqual(
        replaced.json().result.kindMeta.columns.map((c: { name: string }) => c.name),
        ['c'],
      );

      const ndjson = await put('/api/v1/dataset/in/ndjson', 'application/x-ndjson', '{"a":1,"b":"x"}\n\n{"a":2.5}\n');
      assert.equal(ndjson.statusCode, 200, ndjson.body);
      assert.deepEqual(await suite.om.datasets.get('in/ndjson'), [
        { a: 1, b: 'x' },
        { a: 2.5, b: null },
      ]);

      const source = await get(
        '/api/v1/dataset/shop/sales?columns=id,region,at',
        'application/vnd.apache.arrow.stream',
      );
      const arrow = await put('/api/v1/dataset/in/arrow', 'application/vnd.apache.arrow.stream', source.rawPayload);
      assert.equal(arrow.statusCode, 200, arrow.body);
      assert.deepEqual(
        await suite.om.datasets.get('in/arrow'),
        SALES.map(({ id, region, at }) => ({ id, region, at })),
      );
    });

    it('answers bad streamed bodies with a 400 naming the line, and writes nothing', async () => {
      const put = (type: string, payload: string | Buffer) =>
        suite.app.inject({ method: 'PUT', url: '/api/v1/dataset/in/bad', payload, headers: { 'content-type': type } });
      assert.match(
        expectProblem(await put('text/csv', 'a,b\n1,2\n3\n'), 400).detail,
        /the request body: line 3: Invalid Record Length/,
      );
      assert.match(
        expectProblem(await put('application/x-ndjson', '{"a":1}\n[2]\n'), 400).detail,
        /line 2: expected a JSON object/,
      );
      assert.match(
        expectProblem(await put('application/vnd.apache.arrow.stream', 'a,b\n1,2\n'), 400).detail,
        /not a valid Arrow IPC stream/,
      );
      assert.match(expectProblem(await put('text/plain', 'a,b\n1,2\n'), 400).detail, /Content-Type must be/);
      expectProblem(await put('application/xml', '<a/>'), 415);
      assert.equal(await suite.om.datasets.exists('in/bad'), false);
      // an append whose 20,001st row does not fit the stored type: nothing of it is kept
      await put('text/csv', 'n\n1\n');
      const rows = `n\n${Array.from({ length: 20_000 }, (_, i) => i).join('\n')}\nnot-a-number\n`;
      assert.match(expectProblem(await put('text/csv', rows), 400).detail, /line 20002: column "n" is integer/);
      assert.deepEqual(await suite.om.datasets.get('in/bad'), [{ n: 1 }]);
    });

    it('deletes a dataset, then answers 404', async () => {
      await suite.om.datasets.put([{ a: 1 }], 'gone/soon');
      const response = await suite.app.inject({ method: 'DELETE', url: '/api/v1/dataset/gone/soon' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { dataset: 'gone/soon', deleted: true });
      expectProblem(await suite.app.inject({ method: 'DELETE', url: '/api/v1/dataset/gone/soon' }), 404);
    });

    it('works in the bucket the header names', async () => {
      const other = { bucket: 'other' };
      const put = await suite.app.inject({
        method: 'PUT',
        url: '/api/v1/dataset/shop/sales',
        payload: { data: [{ only: 'here' }] },
        headers: other,
      });
      assert.equal(put.json().result.bucket, 'other');
      const got = await suite.app.inject({ method: 'GET', url: '/api/v1/dataset/shop/sales', headers: other });
      assert.deepEqual(got.json(), { data: [{ only: 'here' }] });
      assert.equal(ids((await get('/api/v1/dataset/shop/sales')).body).length, 5);
    });
  });
}
