import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { type ColumnSource, parquetWriteFile } from 'hyparquet-writer';
import { readRows } from '../../../src/datasets/io/read-rows.js';
import type { Column } from '../../../src/datasets/types.js';
import { ValidationError } from '../../../src/errors.js';
import { chunksOf, rowsOf, tempFolder } from './helpers.js';

const folder = tempFolder();

/** A Parquet file as another tool writes it: without omegats' column types in the footer. */
function parquet(
  name: string,
  columnData: ColumnSource[],
  options: { rowGroupSize?: number; statistics?: boolean } = {},
) {
  const filename = folder.path(name);
  parquetWriteFile({ filename, columnData, ...options });
  return filename;
}

describe('readRows parquet', () => {
  it('maps Parquet types to column types, from the footer', async () => {
    const path = parquet('types.parquet', [
      { name: 'i32', data: [1, null], type: 'INT32' },
      { name: 'i64', data: [2n, 3n], type: 'INT64' },
      { name: 'big', data: [2n ** 60n, null], type: 'INT64' },
      { name: 'f32', data: [1.5, null], type: 'FLOAT' },
      { name: 'f64', data: [Number.POSITIVE_INFINITY, 0.1], type: 'DOUBLE' },
      { name: 'text', data: ['a', null], type: 'STRING' },
      { name: 'flag', data: [true, false], type: 'BOOLEAN' },
      { name: 'at', data: [new Date('2024-01-02T03:04:05.678Z'), null], type: 'TIMESTAMP' },
      { name: 'doc', data: [{ a: [1] }, 'x'], type: 'JSON' },
      { name: 'variant', data: [{ a: 1 }, [true]], type: 'VARIANT' },
    ]);
    const rows = await readRows(path, 'parquet');
    assert.deepEqual(rows.columns, [
      { name: 'i32', type: 'integer' },
      { name: 'i64', type: 'integer' },
      { name: 'big', type: 'bigint' },
      { name: 'f32', type: 'float' },
      { name: 'f64', type: 'float' },
      { name: 'text', type: 'text' },
      { name: 'flag', type: 'boolean' },
      { name: 'at', type: 'timestamp' },
      { name: 'doc', type: 'json' },
      { name: 'variant', type: 'json' },
    ]);
    assert.deepEqual(await rowsOf(rows), [
      {
        i32: 1,
        i64: 2,
        big: 2n ** 60n,
        f32: 1.5,
        f64: Number.POSITIVE_INFINITY,
        text: 'a',
        flag: true,
        at: new Date('2024-01-02T03:04:05.678Z'),
        doc: { a: [1] },
        variant: { a: 1 },
      },
      {
        i32: null,
        i64: 3,
        big: null,
        f32: null,
        f64: 0.1,
        text: null,
        flag: false,
        at: null,
        doc: 'x',
        variant: [true],
      },
    ]);
  });

  it('reads INT64 as bigint when no statistics show its values to be safe integers', async () => {
    const path = parquet('no-stats.parquet', [{ name: 'n', data: [1n, 2n], type: 'INT64' }], { statistics: false });
    const rows = await readRows(path, 'parquet');
    assert.deepEqual(rows.columns, [{ name: 'n', type: 'bigint' }]);
    assert.deepEqual(await rowsOf(rows), [{ n: 1n }, { n: 2n }]);
  });

  it('reads row group by row group, in chunks of at most chunkSize', async () => {
    const data = Array.from({ length: 20 }, (_, index) => index);
    const path = parquet('groups.parquet', [{ name: 'n', data, type: 'INT32' }], { rowGroupSize: 7 });
    const chunks = await chunksOf(await readRows(path, 'parquet', { chunkSize: 5 }));
    assert.deepEqual(
      chunks.map((chunk) => chunk.length),
      [5, 2, 5, 2, 5, 1],
    );
    assert.deepEqual(
      chunks.flat().map((row) => row.n),
      data,
    );
  });

  it('converts values to the stored columns, naming the row of one that does not fit', async () => {
    const path = parquet('append.parquet', [
      { name: 'n', data: [1, 2, 3], type: 'INT32' },
      { name: 'code', data: ['2024-01-01', null, 'soon'], type: 'STRING' },
    ]);
    const columns: Column[] = [
      { name: 'code', type: 'timestamp' },
      { name: 'n', type: 'float' },
    ];
    const rows = await readRows(path, 'parquet', { columns, chunkSize: 1 });
    assert.equal(rows.columns, columns);
    const chunks = rows.chunks[Symbol.asyncIterator]();
    assert.deepEqual((await chunks.next()).value, [{ n: 1, code: new Date('2024-01-01T00:00:00Z') }]);
    assert.deepEqual((await chunks.next()).value, [{ n: 2, code: null }]);
    await assert.rejects(chunks.next(), (error: Error) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /append\.parquet: row 3: column "code" is timestamp, "soon" is not$/);
      return true;
    });
    await assert.rejects(
      readRows(path, 'parquet', { columns: [columns[1] as Column] }),
      /column "code" is not in the table/,
    );
  });

  it('rejects a file that is not Parquet, and a column type it cannot read', async () => {
    const text = folder.path('text.parquet');
    writeFileSync(text, 'a,b\n1,2\n');
    await assert.rejects(readRows(text, 'parquet'), {
      name: 'ValidationError',
      message: /is not a valid Parquet file/,
    });
    const bytes = parquet('bytes.parquet', [{ name: 'raw', data: [new Uint8Array([1, 2])], type: 'BYTE_ARRAY' }]);
    // BYTE_ARRAY without annotation is read as text (hyparquet's utf8 default)
    assert.deepEqual((await readRows(bytes, 'parquet')).columns, [{ name: 'raw', type: 'text' }]);
    const half = parquet('half.parquet', [{ name: 'half', data: [1.5], type: 'FLOAT16' }]);
    assert.deepEqual((await readRows(half, 'parquet')).columns, [{ name: 'half', type: 'float' }]);
    const fixed = folder.path('fixed.parquet');
    parquetWriteFile({
      filename: fixed,
      columnData: [{ name: 'raw', data: [new Uint8Array([1, 2])] }],
      schema: [
        { name: 'root', num_children: 1 },
        { name: 'raw', type: 'FIXED_LEN_BYTE_ARRAY', type_length: 2, repetition_type: 'REQUIRED' },
      ],
    });
    await assert.rejects(readRows(fixed, 'parquet'), {
      name: 'ValidationError',
      message: /column "raw" has a Parquet type omegats cannot read/,
    });
  });
});
