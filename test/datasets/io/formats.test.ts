import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatOfPath } from '../../../src/datasets/io/formats.js';

describe('formatOfPath', () => {
  it('knows CSV, JSON lines and Parquet by extension, in any case', () => {
    assert.equal(formatOfPath('sales.csv'), 'csv');
    assert.equal(formatOfPath('/data/Sales.CSV'), 'csv');
    assert.equal(formatOfPath('events.jsonl'), 'jsonl');
    assert.equal(formatOfPath('events.NDJSON'), 'jsonl');
    assert.equal(formatOfPath('dir.v2/table.Parquet'), 'parquet');
  });

  it('is null for any other file', () => {
    assert.equal(formatOfPath('config.json'), null);
    assert.equal(formatOfPath('csv'), null);
    assert.equal(formatOfPath('archive.csv.gz'), null);
    assert.equal(formatOfPath('toString'), null);
  });
});
