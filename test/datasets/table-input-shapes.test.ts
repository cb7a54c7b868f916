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

    it('refuses attributes nested deeper than 1000 levels, on put and setAttributes', async () => {
      let nested: unknown = 1;
      for (let i = 0; i < 1500; i++) nested = { d: nested };
      await assert.rejects(
        t.om.datasets.put({ a: 1 }, 'attrs', { attributes: { nested } }),
        invalid(/nested deeper than 1000/),
      );
      await t.om.datasets.put({ a: 1 }, 'attrs');
      await assert.rejects(t.om.datasets.setAttributes('attrs', { nested }), invalid(/nested deeper than 1000/));
      for (let i = 0; i < 100_000; i++) nested = [nested];
      await assert.rejects(t.om.datasets.put({ a: 1 }, 'attrs', { attributes: { nested } }), ValidationError);
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

for (const engine of ENGINES) {
  describe(`table input limits (${engine})`, () => {
    const t = suiteContext(engine);
    const wide = (n: number, value: unknown) =>
      Object.fromEntries(Array.from({ length: n }, (_, i) => [`c${i}`, value]));

    it('refuses rows without columns and sparse arrays of rows, naming the hole', async () => {
      await assert.rejects(t.om.datasets.put([{}], 'shape'), invalid(/rows have no columns/));
      await assert.rejects(t.om.datasets.put([{}, {}], 'shape'), invalid(/rows have no columns/));
      // biome-ignore lint/suspicious/noSparseArray: the hole is what is tested
      await assert.rejects(t.om.datasets.put([, { a: 1 }], 'shape'), invalid(/row 1 is a hole in a sparse array/));
      const holed: unknown[] = [{ a: 1 }];
      holed[2] = { a: 3 };
      await assert.rejects(t.om.datasets.put(holed, 'shape'), invalid(/row 2 is a hole/));
      assert.equal(await t.om.datasets.exists('shape'), false);
    });

    it('refuses timestamps outside years 0001 to 9999 alike on both engines', async () => {
      const early = new Date(Date.parse('0001-01-01T00:00:00.000Z') - 1);
      await assert.rejects(t.om.datasets.put([{ at: early }], 'when'), invalid(/outside 0001-01-01 to 9999-12-31/));
      await assert.rejects(t.om.datasets.put([{ at: new Date(8.64e15) }], 'when'), invalid(/row 1.*"at".*outside/));
      await assert.rejects(t.om.datasets.put([{ at: new Date(-8.64e15) }], 'when'), invalid(/outside/));
      await t.om.datasets.put([{ at: new Date(0) }], 'when');
      await assert.rejects(t.om.datasets.put([{ at: '0000-06-01' }], 'when'), invalid(/row 1.*outside/)); // an append
      const edges = [new Date('0001-01-01T00:00:00.000Z'), new Date('9999-12-31T23:59:59.999Z')];
      await t.om.datasets.put(
        edges.map((at) => ({ at })),
        'when',
        { append: false },
      );
      assert.deepEqual(
        await t.om.datasets.get('when'),
        edges.map((at) => ({ at })),
      );
    });

    it("refuses more columns than PostgreSQL's 1,600 (one is the row number) on both engines", async () => {
      await assert.rejects(t.om.datasets.put([wide(1600, null)], 'wide'), invalid(/1600 columns.*at most 1599/));
      await assert.rejects(t.om.datasets.put([wide(10_000, 1)], 'wide'), invalid(/10000 columns.*at most 1599/));
      await t.om.datasets.put([wide(1599, null), { c0: 1 }], 'wide');
      assert.equal((await t.om.datasets.get('wide')).length, 2);
    });

    it('a row PostgreSQL cannot hold (over 8,160 bytes) is a ValidationError naming the limit', async (ctx) => {
      if (engine !== 'postgres') return ctx.skip('SQLite has no row size limit');
      await assert.rejects(
        t.om.datasets.put([wide(1500, 'x'.repeat(3000))], 'wide-text'),
        invalid(/too wide for PostgreSQL.*8160/),
      );
      await assert.rejects(t.om.datasets.put([wide(1100, 1)], 'wide-numbers'), invalid(/too wide for PostgreSQL/));
    });
  });
}
