import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRows } from '../../../src/datasets/io/read-rows.js';
import type { Column } from '../../../src/datasets/types.js';
import { ValidationError } from '../../../src/errors.js';
import { chunksOf, rowsOf, tempFolder } from './helpers.js';

const folder = tempFolder();

function csv(name: string, ...lines: string[]): string {
  return folder.write(name, lines.join('\n'));
}

describe('readRows csv', () => {
  it('infers each column type from the values', async () => {
    const path = csv(
      'infer.csv',
      'int,big,huge,float,flag,day,at,word,empty,mixed',
      '1,1,1,1.5,true,2024-01-02,2024-01-02T03:04:05+02:00,a,,1',
      '-2,9007199254740993,99999999999999999999,NaN,FALSE,2024-01-03,2024-01-02 03:04:05Z,b,,x',
      ',,,-Infinity,,,,,,',
    );
    const rows = await readRows(path, 'csv');
    assert.deepEqual(rows.columns, [
      { name: 'int', type: 'integer' },
      { name: 'big', type: 'bigint' },
      { name: 'huge', type: 'text' },
      { name: 'float', type: 'float' },
      { name: 'flag', type: 'boolean' },
      { name: 'day', type: 'timestamp' },
      { name: 'at', type: 'timestamp' },
      { name: 'word', type: 'text' },
      { name: 'empty', type: 'text' },
      { name: 'mixed', type: 'text' },
    ]);
    assert.deepEqual(await rowsOf(rows), [
      {
        int: 1,
        big: 1n,
        huge: '1',
        float: 1.5,
        flag: true,
        day: new Date('2024-01-02T00:00:00Z'),
        at: new Date('2024-01-02T01:04:05Z'),
        word: 'a',
        empty: null,
        mixed: '1',
      },
      {
        int: -2,
        big: 9007199254740993n,
        huge: '99999999999999999999',
        float: null, // NaN is a missing value (it was NaN before the value rules were unified)
        flag: false,
        day: new Date('2024-01-03T00:00:00Z'),
        at: new Date('2024-01-02T03:04:05Z'),
        word: 'b',
        empty: null,
        mixed: 'x',
      },
      {
        int: null,
        big: null,
        huge: null,
        float: Number.NEGATIVE_INFINITY,
        flag: null,
        day: null,
        at: null,
        word: null,
        empty: null,
        mixed: null,
      },
    ]);
  });

  it('handles a BOM, CRLF, quoted fields with line breaks, unicode names and blank lines', async () => {
    const path = folder.write(
      'quirks.csv',
      '\uFEFFgröße,"名前",select\r\n1,"two\r\nlines, ""quoted""",x\r\n\r\n2,"a\nb",y\r\n',
    );
    const rows = await readRows(path, 'csv');
    assert.deepEqual(
      rows.columns?.map((column) => column.name),
      ['größe', '名前', 'select'],
    );
    assert.deepEqual(await rowsOf(rows), [
      { größe: 1, 名前: 'two\r\nlines, "quoted"', select: 'x' },
      { größe: 2, 名前: 'a\nb', select: 'y' },
    ]);
  });

  it('infers from the first chunk only; a later value that does not fit names its line', async () => {
    const path = csv('later.csv', 'id,amount', '1,10', '2,20', '3,abc');
    const rows = await readRows(path, 'csv', { chunkSize: 2 });
    assert.deepEqual(rows.columns, [
      { name: 'id', type: 'integer' },
      { name: 'amount', type: 'integer' },
    ]);
    await assert.rejects(chunksOf(rows), (error: Error) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /later\.csv: line 4: column "amount" is integer, "abc" is not$/);
      return true;
    });
  });

  it('counts lines across quoted line breaks (LF and CRLF) and blank lines', async () => {
    const lf = csv('lines-lf.csv', 'n,note', '1,"a', 'b', 'c"', '', '2,x', '3,"d"', 'oops,y');
    await assert.rejects(readRows(lf, 'csv', { chunkSize: 1 }).then(chunksOf), /line 8: column "n" is integer/);
    const crlf = folder.write('lines-crlf.csv', 'n,note\r\n1,"a\r\nb\r\nc"\r\n\r\n2,x\r\noops,y\r\n');
    await assert.rejects(readRows(crlf, 'csv', { chunkSize: 1 }).then(chunksOf), /line 7: column "n" is integer/);
  });

  it('converts values to the stored columns when given', async () => {
    const path = csv('append.csv', 'at,code,ratio,data', '2024-01-01T10:00:00+01:00,007,3,"{""a"":1}"', ',,,');
    const columns: Column[] = [
      { name: 'code', type: 'text' },
      { name: 'at', type: 'timestamp' },
      { name: 'ratio', type: 'float' },
      { name: 'data', type: 'json' },
    ];
    const rows = await readRows(path, 'csv', { columns });
    assert.equal(rows.columns, columns);
    assert.deepEqual(await rowsOf(rows), [
      { at: new Date('2024-01-01T09:00:00Z'), code: '007', ratio: 3, data: { a: 1 } },
      { at: null, code: null, ratio: null, data: null },
    ]);
  });

  it('rejects a value that does not convert to a stored column, naming line, column and value', async () => {
    const path = csv('bad-append.csv', 'n,flag', '1,true', '2,maybe');
    const columns: Column[] = [
      { name: 'n', type: 'bigint' },
      { name: 'flag', type: 'boolean' },
    ];
    const rows = await readRows(path, 'csv', { columns });
    await assert.rejects(chunksOf(rows), {
      name: 'ValidationError',
      message: /line 3: column "flag" is boolean, "maybe" is not/,
    });
  });

  it('rejects a header that differs from the stored columns', async () => {
    const path = csv('other.csv', 'a,b', '1,2');
    const a: Column = { name: 'a', type: 'integer' };
    await assert.rejects(readRows(path, 'csv', { columns: [a] }), (error: Error) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /column "b" is not in the table/);
      return true;
    });
    const c: Column = { name: 'c', type: 'text' };
    await assert.rejects(
      readRows(path, 'csv', { columns: [a, { name: 'b', type: 'integer' }, c] }),
      /the table's column "c" is missing/,
    );
  });

  it('rejects duplicate or empty header names', async () => {
    await assert.rejects(readRows(csv('dup.csv', 'a,b,a', '1,2,3'), 'csv'), {
      name: 'ValidationError',
      message: /line 1: column "a" appears twice/,
    });
    await assert.rejects(readRows(csv('blank.csv', 'a,,c', '1,2,3'), 'csv'), {
      name: 'ValidationError',
      message: /line 1: column 2 has no name/,
    });
  });

  it('rejects malformed CSV, naming the line', async () => {
    const cases: [string, string, RegExp][] = [
      ['fields.csv', 'a,b\n1,2\n3\n4,5\n', /fields\.csv: line 3: Invalid Record Length: expect 2, got 1$/],
      ['unclosed.csv', 'a,b\n1,2\n3,"x\n4,5\n', /unclosed\.csv: line 4: Quote Not Closed/],
      ['closing.csv', 'a,b\n1,2\n3,"x"y\n', /closing\.csv: line 3: Invalid Closing Quote/],
    ];
    for (const [name, text, message] of cases) {
      const path = folder.write(name, text);
      await assert.rejects(readRows(path, 'csv', { chunkSize: 1 }).then(chunksOf), {
        name: 'ValidationError',
        message,
      });
    }
  });

  it('rejects an empty file; a header alone is no rows', async () => {
    await assert.rejects(readRows(csv('empty.csv'), 'csv'), { name: 'ValidationError', message: /is empty/ });
    const header = await readRows(csv('header.csv', 'a,b'), 'csv');
    assert.deepEqual(header.columns, [
      { name: 'a', type: 'text' },
      { name: 'b', type: 'text' },
    ]);
    assert.deepEqual(await chunksOf(header), []);
  });

  it('yields chunks of at most chunkSize, and reads the file anew on every iteration', async () => {
    const path = csv('chunks.csv', 'n', ...Array.from({ length: 25 }, (_, index) => String(index)));
    const rows = await readRows(path, 'csv', { chunkSize: 10 });
    const sizes = (await chunksOf(rows)).map((chunk) => chunk.length);
    assert.deepEqual(sizes, [10, 10, 5]);
    assert.deepEqual(
      (await rowsOf(rows)).map((row) => row.n),
      Array.from({ length: 25 }, (_, index) => index),
    );
  });

  it('rejects a missing file and a bad chunk size', async () => {
    await assert.rejects(readRows(folder.path('missing.csv'), 'csv'), {
      name: 'ValidationError',
      message: /cannot read .*missing\.csv: no such file or directory/,
    });
    await assert.rejects(readRows(csv('ok.csv', 'a'), 'csv', { chunkSize: 0 }), ValidationError);
  });
});
