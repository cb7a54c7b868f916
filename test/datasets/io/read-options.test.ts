import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { inputOfPath } from '../../../src/datasets/io/formats.js';
import { readRows } from '../../../src/datasets/io/read-rows.js';
import { rowsOf, tempFolder } from './helpers.js';

const folder = tempFolder();
const ROWS = [
  { city: 'Zürich', n: 1 },
  { city: 'Bern; the capital', n: 2 },
];

describe('readRows: delimiter, gzip, bytes read', () => {
  it('knows .tsv, .gz and their formats by name', () => {
    assert.deepEqual(inputOfPath('a.TSV'), { format: 'csv', gzip: false, delimiter: '\t' });
    assert.deepEqual(inputOfPath('dir/a.csv.gz'), { format: 'csv', gzip: true });
    assert.deepEqual(inputOfPath('a.tsv.gz'), { format: 'csv', gzip: true, delimiter: '\t' });
    assert.deepEqual(inputOfPath('a.jsonl.GZ'), { format: 'jsonl', gzip: true });
    assert.equal(inputOfPath('a.gz'), null);
    assert.equal(inputOfPath('a.txt'), null);
  });

  it('reads another delimiter, and gzip by the name or by the option, counting the bytes read', async () => {
    const text = 'city|n\nZürich|1\nBern; the capital|2\n';
    const plain = folder.write('pipes.txt', text);
    assert.deepEqual(await rowsOf(await readRows(plain, 'csv', { delimiter: '|' })), ROWS);
    const compressed = gzipSync(text);
    const gz = folder.path('pipes.csv.gz');
    writeFileSync(gz, compressed);
    let bytes = 0;
    const rows = await readRows(gz, 'csv', { delimiter: '|', onBytesRead: (n) => (bytes += n) });
    assert.deepEqual(await rowsOf(rows), ROWS);
    assert.equal(bytes, compressed.length);
    const unnamed = folder.path('pipes.bin');
    writeFileSync(unnamed, compressed);
    assert.deepEqual(await rowsOf(await readRows(unnamed, 'csv', { delimiter: '|', gzip: true })), ROWS);
    const jsonl = folder.path('rows.jsonl.gz');
    writeFileSync(jsonl, gzipSync(ROWS.map((row) => JSON.stringify(row)).join('\n')));
    assert.deepEqual(await rowsOf(await readRows(jsonl, 'jsonl')), ROWS);
  });

  it('names the file and line of a bad value in a gzip file', async () => {
    const gz = folder.path('bad.csv.gz');
    writeFileSync(gz, gzipSync(`n\n${'1\n'.repeat(20)}x"y\n`));
    await assert.rejects(async () => rowsOf(await readRows(gz, 'csv')), {
      name: 'ValidationError',
      message: /bad\.csv\.gz: line 22/,
    });
  });

  it('refuses a bad delimiter, a delimiter for JSON lines, gzip Parquet and broken gzip', async () => {
    const csv = folder.write('a.csv', 'a\n1\n');
    for (const delimiter of ['', ';;', '"', '\n']) {
      await assert.rejects(readRows(csv, 'csv', { delimiter }), { name: 'ValidationError', message: /delimiter must/ });
    }
    await assert.rejects(readRows(folder.write('a.jsonl', '{"a":1}\n'), 'jsonl', { delimiter: ';' }), {
      message: 'a delimiter applies to CSV files only, not jsonl',
    });
    await assert.rejects(readRows(folder.write('a.parquet.gz', 'x'), 'parquet'), {
      name: 'ValidationError',
      message: /a Parquet file cannot be read gzip-compressed/,
    });
    await assert.rejects(readRows(folder.write('broken.jsonl.gz', 'plain text'), 'jsonl'), {
      name: 'ValidationError',
      message: /broken\.jsonl\.gz is not valid gzip data/,
    });
  });
});
