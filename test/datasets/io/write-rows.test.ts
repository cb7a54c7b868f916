import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import type { FileFormat } from '../../../src/datasets/io/formats.js';
import { readRows } from '../../../src/datasets/io/read-rows.js';
import { writeRows } from '../../../src/datasets/io/write-rows.js';
import type { Column, Row } from '../../../src/datasets/types.js';
import { ValidationError } from '../../../src/errors.js';
import { inChunks, rowsOf, tempFolder } from './helpers.js';

const folder = tempFolder();
const FORMATS: FileFormat[] = ['csv', 'jsonl', 'parquet'];

const COLUMNS: Column[] = [
  { name: 'id', type: 'integer' },
  { name: 'big', type: 'bigint' },
  { name: 'ratio', type: 'float' },
  { name: 'größe', type: 'text' },
  { name: 'select', type: 'boolean' },
  { name: 'at', type: 'timestamp' },
  { name: '名前 doc', type: 'json' },
];

const HUGE = `${'x'.repeat(1024 * 1024 - 3)}end`;

const ROWS: Row[] = [
  {
    id: 1,
    big: 2n ** 53n + 1n,
    ratio: 0.1,
    größe: 'héllo, "wörld"\r\nnext line',
    select: true,
    at: new Date('2024-01-02T03:04:05.678+02:00'),
    '名前 doc': { a: [1, 'x', null], b: { c: true } },
  },
  {
    id: -Number.MAX_SAFE_INTEGER,
    big: -(2n ** 63n),
    ratio: Number.NaN,
    größe: HUGE,
    select: false,
    at: new Date('1969-12-31T23:59:59.999Z'),
    '名前 doc': 'just a string',
  },
  { id: null, big: null, ratio: null, größe: null, select: null, at: null, '名前 doc': null },
  {
    id: Number.MAX_SAFE_INTEGER,
    big: 2n ** 63n - 1n,
    ratio: Number.POSITIVE_INFINITY,
    größe: '🎉 ,;\t',
    select: null,
    at: new Date('0001-01-01T00:00:00Z'),
    '名前 doc': [1, 2.5],
  },
  { id: 0, big: 0n, ratio: Number.NEGATIVE_INFINITY, größe: '0042', select: true, at: new Date(0), '名前 doc': 0 },
];

/**
 * What reading ROWS back gives: NaN is a missing value in every format (null; Parquet kept NaN
 * before the value rules were unified); JSON has no ±Infinity either.
 */
function expected(format: FileFormat): Row[] {
  return ROWS.map((row) => {
    const ratio = row.ratio as number | null;
    const lost = Number.isNaN(ratio) || (format === 'jsonl' && ratio !== null && !Number.isFinite(ratio));
    return { ...row, ratio: lost ? null : ratio };
  });
}

describe('writeRows', () => {
  for (const format of FORMATS) {
    it(`round-trips every column type through ${format}`, async () => {
      const path = folder.path(`all.${format}`);
      assert.deepEqual(await writeRows(inChunks(ROWS, 2), COLUMNS, path, format), { rows: ROWS.length });
      const back = await readRows(path, format, { columns: COLUMNS });
      assert.deepEqual(await rowsOf(back), expected(format));
    });

    it(`writes ${format} to a stream without ending it, with backpressure`, async () => {
      const parts: Buffer[] = [];
      const stream = new Writable({
        highWaterMark: 16,
        write(chunk: Buffer, _encoding, done) {
          parts.push(chunk);
          setImmediate(done);
        },
      });
      const rows = ROWS.slice(0, 1).concat(ROWS.slice(2));
      assert.deepEqual(await writeRows(inChunks(rows, 1), COLUMNS, stream, format), { rows: rows.length });
      assert.equal(stream.writableEnded, false);
      const path = folder.write(`from-stream.${format}`, '');
      writeFileSync(path, Buffer.concat(parts));
      const back = await readRows(path, format, { columns: COLUMNS });
      assert.deepEqual(await rowsOf(back), expected(format).slice(0, 1).concat(expected(format).slice(2)));
    });

    it(`leaves no ${format} file when the rows fail mid-way`, async () => {
      const path = folder.path(`failed.${format}`);
      const failing = async function* () {
        yield ROWS.slice(0, 2);
        throw new Error('source failed');
      };
      await assert.rejects(writeRows(failing(), COLUMNS, path, format), /source failed/);
      assert.equal(existsSync(path), false);
      assert.deepEqual(
        readdirSync(folder.path('.')).filter((name) => name.includes('failed')),
        [],
      );
    });

    it(`rejects a ${format} value that does not fit its column, leaving the old file`, async () => {
      const path = folder.write(`keep.${format}`, 'old');
      const rows = [{ n: 1 }, { n: 1.5 }];
      await assert.rejects(
        writeRows(inChunks(rows, 1), [{ name: 'n', type: 'integer' }], path, format),
        (error: Error) => {
          assert.ok(error instanceof ValidationError);
          assert.match(error.message, /^row 2: column "n" is integer, 1\.5 is not$/);
          return true;
        },
      );
      assert.equal(readFileSync(path, 'utf8'), 'old');
    });
  }

  it('reads Parquet back with the same column types and values, without being told the columns', async () => {
    const columns: Column[] = [...COLUMNS, { name: 'small', type: 'bigint' }];
    const rows = ROWS.map((row, index) => ({ ...row, small: BigInt(index) }));
    const path = folder.path('typed.parquet');
    await writeRows(inChunks(rows, 3), columns, path, 'parquet');
    const back = await readRows(path, 'parquet');
    assert.deepEqual(back.columns, columns);
    assert.deepEqual(
      await rowsOf(back),
      expected('parquet').map((row, index) => ({ ...row, small: BigInt(index) })),
    );
  });

  it('writes CSV as documented', async () => {
    const path = folder.path('plain.csv');
    await writeRows(inChunks(ROWS.slice(2, 5), 10), COLUMNS.slice(1), path, 'csv');
    assert.equal(
      readFileSync(path, 'utf8'),
      [
        'big,ratio,größe,select,at,名前 doc',
        ',,,,,',
        '9223372036854775807,Infinity,"🎉 ,;\t",,0001-01-01T00:00:00.000Z,"[1,2.5]"',
        '0,-Infinity,0042,true,1970-01-01T00:00:00.000Z,0',
        '',
      ].join('\n'),
    );
  });

  it('writes JSON lines as documented', async () => {
    const path = folder.path('plain.jsonl');
    await writeRows(inChunks([ROWS[0] as Row, ROWS[3] as Row], 10), COLUMNS.slice(0, 3), path, 'jsonl');
    assert.equal(
      readFileSync(path, 'utf8'),
      '{"id":1,"big":9007199254740993,"ratio":0.1}\n{"id":9007199254740991,"big":9223372036854775807,"ratio":null}\n',
    );
  });

  it('keeps the null rows of a one-column CSV, which would otherwise be blank lines', async () => {
    const path = folder.path('one.csv');
    const rows = [{ a: null }, { a: 'x' }, { a: null }];
    await writeRows(inChunks(rows, 10), [{ name: 'a', type: 'text' }], path, 'csv');
    assert.deepEqual(await rowsOf(await readRows(path, 'csv')), rows);
  });

  it('writes no rows as the columns alone', async () => {
    for (const format of FORMATS) {
      const path = folder.path(`none.${format}`);
      assert.deepEqual(await writeRows(inChunks([], 10), COLUMNS, path, format), { rows: 0 });
      assert.deepEqual(await rowsOf(await readRows(path, format)), []);
    }
    assert.equal(readFileSync(folder.path('none.csv'), 'utf8'), 'id,big,ratio,größe,select,at,名前 doc\n');
    assert.deepEqual((await readRows(folder.path('none.parquet'), 'parquet')).columns, COLUMNS);
  });

  it('rejects no columns and a folder that does not exist', async () => {
    await assert.rejects(writeRows(inChunks([], 1), [], folder.path('x.csv'), 'csv'), ValidationError);
    await assert.rejects(writeRows(inChunks([], 1), COLUMNS, folder.path('missing/x.csv'), 'csv'), {
      name: 'ValidationError',
      message: /^cannot write .*missing\/x\.csv: no such file or directory$/,
    });
  });
});
