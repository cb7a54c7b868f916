import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../src/index.js';
import { parseName, validateBucket, validateContextName, validateName } from '../../src/store/names.js';

const DATA = { projection: true, version: false };
const MODELS = { projection: false, version: true };

describe('object names', () => {
  it('accepts folders, unicode, quotes and SQL metacharacters as plain text', () => {
    for (const name of [
      'sales',
      'a/b/c',
      'données/été',
      "o'brien",
      'x"; DROP TABLE omega_metadata; --',
      '.hidden',
      '_temp',
    ]) {
      assert.equal(validateName(name), name);
    }
  });

  it('accepts 255 characters and rejects 256, counting characters not bytes', () => {
    assert.equal(validateName('é'.repeat(255)), 'é'.repeat(255));
    assert.throws(() => validateName('a'.repeat(256)), /256 characters/);
  });

  it('rejects empty names, traversal, empty segments and control characters', () => {
    for (const bad of ['', '../etc/passwd', 'a/../b', 'a//b', '/abs', 'trailing/', './x', 'tab\there', 'nul\u0000']) {
      assert.throws(() => validateName(bad), ValidationError, `expected ${JSON.stringify(bad)} to be rejected`);
    }
  });

  it('rejects modifier characters in plain names and non-strings', () => {
    for (const bad of ['m@v1', 'm^', 'x[a]', 'x#op', 'x{k=v}']) {
      assert.throws(() => validateName(bad), /modifier/);
    }
    assert.throws(() => validateName(42), /must be a string/);
  });
});

describe('name modifiers', () => {
  it('parses a projection in datasets', () => {
    assert.deepEqual(parseName('sales[region, amount]', DATA), { name: 'sales', columns: ['region', 'amount'] });
  });

  it('parses version selectors in models', () => {
    assert.deepEqual(parseName('iris@v2', MODELS), { name: 'iris', version: { tag: 'v2' } });
    assert.deepEqual(parseName('iris^', MODELS), { name: 'iris', version: { back: 1 } });
    assert.deepEqual(parseName('team/iris^^', MODELS), { name: 'team/iris', version: { back: 2 } });
  });

  it('rejects modifiers the store does not support, and malformed ones', () => {
    assert.throws(() => parseName('iris@v2', DATA), /version selector/);
    assert.throws(() => parseName('sales[a]', MODELS), /projection/);
    assert.throws(() => parseName('sales[a,,b]', DATA), /empty column/);
    assert.throws(() => parseName('iris@', MODELS), /invalid version/);
    assert.throws(() => parseName('x#iterchunks', DATA), /modifier/);
  });

  it('gives every caller of the same text and rules one frozen result, and checks other rules anew', () => {
    const first = parseName('sales[a,b]', DATA);
    assert.equal(parseName('sales[a,b]', DATA), first);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.columns));
    assert.throws(() => (first.columns as string[]).push('c'), TypeError);
    const model = parseName('iris@v3', MODELS);
    assert.ok(Object.isFrozen(model.version));
    // Parsed once with versions allowed, the same text is still refused where they are not.
    assert.throws(() => parseName('iris@v3', DATA), /version selector/);
    for (let i = 0; i < 2; i++) assert.throws(() => parseName('a/../b', MODELS), /'\.\.' folder segment/);
    // A long text is parsed each time, not kept.
    const long = `sales[${Array.from({ length: 200 }, (_, i) => `c${i}`).join(',')}]`;
    assert.notEqual(parseName(long, DATA), parseName(long, DATA));
    assert.equal(parseName(long, DATA).columns?.length, 200);
  });
});

describe('bucket and context names', () => {
  it('accepts identifiers up to 63 characters', () => {
    for (const ok of ['default', 'dev', 'team-a.b_c', '0abc', 'a'.repeat(63)]) assert.equal(validateBucket(ok), ok);
    assert.equal(validateContextName('prod'), 'prod');
  });

  it('rejects traversal, SQL, quotes, unicode, empty and over-long names', () => {
    for (const bad of ['', '..', '../x', 'a/b', "a'b", 'a;drop', 'été', '-lead', '.dot', 'a'.repeat(64), 'sp ace']) {
      assert.throws(() => validateBucket(bad), ValidationError, `bucket ${JSON.stringify(bad)}`);
      assert.throws(() => validateContextName(bad), ValidationError, `context ${JSON.stringify(bad)}`);
    }
  });
});
