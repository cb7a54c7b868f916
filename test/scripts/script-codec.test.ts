import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IntegrityError, ValidationError } from '../../src/errors.js';
import { decodeScript, encodeScript } from '../../src/scripts/script-codec.js';
import { ScriptPackage } from '../../src/scripts/script-package.js';

const A = Buffer.from('export { run } from "./lib/b.js";\n');
const B = Buffer.from('export const run = () => 1;\n');

describe('script encoding', () => {
  it('is deterministic: the same files in any order encode to the same bytes, and decode back', () => {
    const one = new ScriptPackage(
      'a.js',
      new Map([
        ['a.js', A],
        ['lib/b.js', B],
      ]),
    );
    const two = new ScriptPackage(
      'a.js',
      new Map([
        ['lib/b.js', B],
        ['a.js', A],
      ]),
    );
    assert.deepEqual(encodeScript(one), encodeScript(two));
    assert.deepEqual(decodeScript(encodeScript(one)), one);
  });

  it('a malformed blob is an IntegrityError', () => {
    const blobs = ['not json', '[]', '{"entry":"a.js","files":[["a.js",1]]}', '{"entry":"a.js","files":[["b.js",""]]}'];
    for (const blob of blobs) {
      assert.throws(() => decodeScript(Buffer.from(blob)), IntegrityError, blob);
    }
  });

  it('a package whose entry or paths are wrong is a ValidationError', () => {
    assert.throws(() => new ScriptPackage('a.js', new Map([['b.js', B]])), /its entry a\.js is not one of its files/);
    assert.throws(() => new ScriptPackage('a.py', new Map([['a.py', B]])), /its entry a\.py is not a \.js/);
    assert.throws(
      () =>
        new ScriptPackage(
          'a.js',
          new Map([
            ['a.js', A],
            ['../b.js', B],
          ]),
        ),
      ValidationError,
    );
  });
});
