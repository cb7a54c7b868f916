// Input shapes a table refuses with a ValidationError on both engines (issue 12, items 4, 5, 8).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RowDecoder } from '../../src/datasets/decode.js';
import { ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

const invalid = (pattern: RegExp) => (error: unknown) =>
  error instanceof ValidationError && pattern.test(error.message) ? true : assert.fail(`unexpected ${String(error)}`);

describe('row decoding', () => {
  it('a "__proto__" column of a table stored before it was refused is an own key, never the prototype', () => {
    const decoder = new RowDecoder({ decoder: () => null }, [{ name: '__proto__', type: 'json' }]);
    const [row] = decoder.rows([[{ isAdmin: true }]]) as Record<string, unknown>[];
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.equal(row?.isAdmin, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, { isAdmin: true });
  });
});

for (const engine of ENGINES) {
  describe(`table input shapes (${engine})`, () => {
    const t = suiteContext(engine);

    it('refuses __proto__, constructor and prototype as column names; stored rows carry no inherited keys', async () => {
      const planted = JSON.parse('{"__proto__":{"isAdmin":true},"a":1}') as Record<string, unknown>;
      await assert.rejects(t.om.datasets.put([planted], 'planted'), invalid(/"__proto__" cannot be a column name/));
      await assert.rejects(t.om.datasets.put([{ constructor: 1 }], 'planted'), invalid(/"constructor" cannot be/));
      await assert.rejects(t.om.datasets.put([{ a: 1, prototype: 'x' }], 'planted'), invalid(/"prototype" cannot/));
      assert.equal(await t.om.datasets.exists('planted'), false);
      await t.om.datasets.put([{ a: 1 }], 'plain');
      const results = [await t.om.datasets.get('plain'), await t.om.datasets.getl('plain').toArray()];
      for await (const chunk of t.om.datasets.getl('plain').chunks(10)) results.push(chunk);
      for (const rows of results as Record<string, unknown>[][]) {
        const [row] = rows;
        assert.equal(Object.getPrototypeOf(row), Object.prototype);
        assert.equal((row as Record<string, unknown>).isAdmin, undefined);
      }
    });

    it('refuses reserved attribute names at any depth on put', async () => {
      const deep = JSON.parse('{"owner":{"x":{"__proto__":{"isAdmin":true}}}}') as Record<string, unknown>;
      await assert.rejects(
        t.om.datasets.put([{ a: 1 }], 'attrs', { attributes: deep }),
        invalid(/"__proto__" is reserved/),
      );
      await assert.rejects(
        t.om.datasets.put({ a: 1 }, 'attrs', { attributes: { list: [{ constructor: 1 }] } }),
        invalid(/"constructor" is reserved/),
      );
      assert.equal(await t.om.datasets.exists('attrs'), false);
    });

    it('refuses names that are not well-formed Unicode', async () => {
      await assert.rejects(t.om.datasets.put([{ a: 1 }], 'lone\ud800'), invalid(/not well-formed Unicode/));
      await assert.rejects(t.om.datasets.put({ a: 1 }, 'x/\udc00y'), invalid(/not well-formed Unicode/));
      await assert.rejects(t.om.datasets.put([{ 'col\ud800': 1 }], 'lone'), invalid(/column name.*not well-formed/));
      assert.throws(() => t.om.bucket('b\ud800'), ValidationError);
      await t.om.datasets.put([{ 'emoji😀': 1 }], 'pair😀');
      assert.deepEqual(await t.om.datasets.get('pair😀'), [{ 'emoji😀': 1 }]);
      assert.deepEqual(await t.om.datasets.list('pair*'), ['pair😀']);
    });
  });
}
