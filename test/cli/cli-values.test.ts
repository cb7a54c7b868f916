import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dataArgument, keyValues } from '../../src/cli/cli-values.js';

describe('k=v payload values', () => {
  it('are JSON numbers only when a JavaScript number holds them exactly; else the text as given', () => {
    const values = keyValues(
      [
        'epochs=5',
        'rate=0.1',
        'one=1.0',
        'kilo=1e3',
        'neg=-2.5e-3',
        'safe=9007199254740991',
        'big=123456789012345678901',
        'unsafe=9007199254740993',
        'huge=1e400',
        'fine=0.30000000000000000001',
        'hex=0x10',
        'octal=007',
        'plus=+5',
        'word=abc',
        'flag=true',
        'list=[1,"a"]',
      ],
      '--param',
    );
    assert.deepEqual(values, {
      epochs: 5,
      rate: 0.1,
      one: 1,
      kilo: 1000,
      neg: -0.0025,
      safe: 9007199254740991,
      big: '123456789012345678901',
      unsafe: '9007199254740993',
      huge: '1e400',
      fine: '0.30000000000000000001',
      hex: '0x10',
      octal: '007',
      plus: '+5',
      word: 'abc',
      flag: true,
      list: [1, 'a'],
    });
  });
});

describe('X and Y arguments', () => {
  it('are dataset names unless they start with [ or are exactly a JSON number', () => {
    assert.equal(dataArgument('2026_iris[a,b]', 'X'), '2026_iris[a,b]');
    assert.equal(dataArgument('3d/points', 'X'), '3d/points');
    assert.equal(dataArgument('1e5x', 'X'), '1e5x');
    assert.deepEqual(dataArgument('[[5.1, 3.5]]', 'X'), [[5.1, 3.5]]);
    assert.deepEqual(dataArgument('-2.5', 'X'), [-2.5]);
    assert.throws(() => dataArgument('[1,', 'X'), { name: 'ValidationError', message: /looks like literal data/ });
  });
});
