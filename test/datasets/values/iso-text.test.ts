import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isoText } from '../../../src/datasets/values/iso-text.js';

describe('isoText', () => {
  it('writes what toISOString writes, across the years a table stores', () => {
    const first = Date.parse('0001-01-01T00:00:00.000Z');
    const last = Date.parse('9999-12-31T23:59:59.999Z');
    const edges = [first, last, 0, -1, 1, Date.parse('2000-02-29T23:59:59.999Z'), Date.parse('1900-03-01T00:00:00Z')];
    const step = Math.floor((last - first) / 200_000);
    const samples = Array.from({ length: 200_000 }, (_, i) => first + i * step + (i % 1000));
    for (const ms of [...edges, ...samples]) assert.equal(isoText(ms), new Date(ms).toISOString(), String(ms));
  });
});
