import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredColumn } from '../../src/datasets/table-meta.js';
import { ValidationError } from '../../src/errors.js';
import { MAX_FILTERS, parseDatasetQuery } from '../../src/server/datasets/dataset-query.js';
import { formatOfAccept, formatOfContentType } from '../../src/server/datasets/media-types.js';

const COLUMNS: StoredColumn[] = [
  { name: 'id', type: 'integer', id: 'c0' },
  { name: 'big', type: 'bigint', id: 'c1' },
  { name: 'amount', type: 'float', id: 'c2' },
  { name: 'paid', type: 'boolean', id: 'c3' },
  { name: 'at', type: 'timestamp', id: 'c4' },
  { name: 'note', type: 'text', id: 'c5' },
  { name: 'a__b', type: 'text', id: 'c6' },
  { name: 'extra', type: 'json', id: 'c7' },
];

const parsed = (query: Record<string, string | string[]>) => parseDatasetQuery(query, COLUMNS);
const invalid = (query: Record<string, string | string[]>, message: RegExp) =>
  assert.throws(
    () => parsed(query),
    (error: unknown) => error instanceof ValidationError && message.test(error.message),
  );

describe('dataset query parameters', () => {
  it('casts filter values by the column type', () => {
    assert.deepEqual(
      parsed({
        id: '7',
        big: '9007199254740993',
        amount__gte: '1e3',
        paid: 'TRUE',
        at__lt: '2026-01-01',
        note__contains: '1,2',
        a__b: 'exact',
        extra__isnull: 'false',
      }).filter,
      {
        id: 7,
        big: 9007199254740993n,
        amount__gte: 1000,
        paid: true,
        at__lt: '2026-01-01',
        note__contains: '1,2',
        a__b: 'exact',
        extra__isnull: false,
      },
    );
    assert.deepEqual(parsed({ id__in: '1,2,3', note__nin: ['a,b', 'c'], amount__between: '-inf,2.5' }).filter, {
      id__in: [1, 2, 3],
      note__nin: ['a,b', 'c'],
      amount__between: [-Infinity, 2.5],
    });
    assert.deepEqual(parsed({ id__in: '' }).filter, { id__in: [] });
  });

  it('reads the options', () => {
    const query = parsed({ columns: 'id,note', sort: ['-amount', 'id'], limit: '10', skip: '0', orient: 'columns' });
    assert.deepEqual(query, {
      filter: {},
      columns: ['id', 'note'],
      sort: ['-amount', 'id'],
      limit: 10,
      skip: 0,
      orient: 'columns',
    });
    assert.deepEqual(parsed({}), { filter: {}, sort: [], orient: 'records' });
  });

  it('names the bad key or value', () => {
    invalid({ ghost: '1' }, /filter "ghost": no such column/);
    invalid({ id__near: '1' }, /unknown operator "near"/);
    invalid({ id: '1.x' }, /"1.x" does not fit column "id" \(integer\)/);
    invalid({ paid: 'yes' }, /"yes" does not fit column "paid" \(boolean\)/);
    invalid({ id__isnull: 'maybe' }, /isnull takes true or false/);
    invalid({ id: ['1', '2'] }, /given 2 times; give it once/);
    invalid({ limit: '1.5' }, /limit must be given once/);
    invalid({ skip: ['1', '2'] }, /skip must be given once/);
    invalid({ orient: 'split' }, /orient must be records or columns/);
    invalid({ columns: 'id,,note' }, /columns takes column names/);
    invalid({ [`${'x'.repeat(5000)}`]: '1' }, /filter "x{40}…": no such column/);
  });

  it(`refuses more than ${MAX_FILTERS} conditions and long lists`, () => {
    const many = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, '1']));
    invalid(many, /too many filters: 10000 conditions in the query \(at most 100\)/);
    invalid({ id__in: Array.from({ length: 101 }, String) }, /too many filters: 101/);
    invalid({ id__in: Array.from({ length: 1001 }, String).join(',') }, /1001 values \(at most 1000\)/);
  });
});

describe('dataset media types', () => {
  it('picks the format of Accept by quality, JSON by default', () => {
    assert.equal(formatOfAccept(undefined), 'json');
    assert.equal(formatOfAccept('*/*'), 'json');
    assert.equal(formatOfAccept('text/csv'), 'csv');
    assert.equal(formatOfAccept('application/x-ndjson;q=0.9, application/vnd.apache.arrow.stream'), 'arrow');
    assert.equal(formatOfAccept('image/png, text/*;q=0.1'), 'csv');
    assert.equal(formatOfAccept('application/json;q=0, application/jsonl'), 'ndjson');
    assert.throws(() => formatOfAccept('image/png'), /Accept: none of the formats/);
  });

  it('reads the format of a Content-Type, parameters aside', () => {
    assert.equal(formatOfContentType('text/csv; charset=utf-8'), 'csv');
    assert.equal(formatOfContentType('Application/Vnd.Apache.Arrow.Stream'), 'arrow');
    assert.equal(formatOfContentType('application/json'), 'json');
    assert.equal(formatOfContentType('text/plain'), null);
    assert.equal(formatOfContentType(undefined), null);
  });
});
