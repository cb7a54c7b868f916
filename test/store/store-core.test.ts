import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

for (const engine of ENGINES) {
  describe(`store core (${engine})`, () => {
    const t = suiteContext(engine);

    it('puts and gets a json value', async () => {
      const meta = await t.om.datasets.put({ threshold: 0.7, tags: ['a'], nested: { ok: null } }, 'config');
      assert.equal(meta.kind, 'json');
      assert.deepEqual([meta.name, meta.bucket, meta.prefix], ['config', 'default', 'data/']);
      assert.ok(meta.created instanceof Date && meta.modified instanceof Date);
      assert.deepEqual(await t.om.datasets.get('config'), { threshold: 0.7, tags: ['a'], nested: { ok: null } });
    });

    it('a json put replaces the value', async () => {
      await t.om.datasets.put({ v: 1 }, 'replaced');
      await t.om.datasets.put([1, 2, 3], 'replaced');
      assert.deepEqual(await t.om.datasets.get('replaced'), [1, 2, 3]);
    });

    it('puts bytes from a Buffer, a Uint8Array and a Readable; gets a Buffer or a stream', async () => {
      const bytes = Buffer.from([0, 1, 2, 255]);
      assert.equal((await t.om.datasets.put(bytes, 'files/buffer')).kind, 'file');
      assert.deepEqual(await t.om.datasets.get('files/buffer'), bytes);
      await t.om.datasets.put(new Uint8Array([9, 8, 7]), 'files/u8');
      assert.deepEqual(await t.om.datasets.get('files/u8'), Buffer.from([9, 8, 7]));
      await t.om.datasets.put(Readable.from([Buffer.from('hello '), Buffer.from('world')]), 'files/stream');
      const stream = (await t.om.datasets.get('files/stream', { as: 'stream' })) as Readable;
      assert.equal(Buffer.concat(await stream.toArray()).toString(), 'hello world');
    });

    it('round-trips multi-chunk files, from a Buffer and from odd-sized stream pieces', async () => {
      const big = randomBytes(3 * 1024 * 1024 + 12345);
      await t.om.datasets.put(big, 'files/big');
      assert.ok(big.equals((await t.om.datasets.get('files/big')) as Buffer));
      const pieces = Array.from({ length: 40 }, (_, i) => big.subarray(i * 80_000, (i + 1) * 80_000 + 7));
      await t.om.datasets.put(Readable.from(pieces), 'files/pieces');
      const stream = (await t.om.datasets.get('files/pieces', { as: 'stream' })) as Readable;
      assert.ok(Buffer.concat(pieces).equals(Buffer.concat(await stream.toArray())));
    });

    it('stores an empty file', async () => {
      await t.om.datasets.put(Buffer.alloc(0), 'files/empty');
      assert.equal(((await t.om.datasets.get('files/empty')) as Buffer).length, 0);
    });

    it('get, drop and metadata of a missing object', async () => {
      await assert.rejects(
        t.om.datasets.get('nope'),
        (e: Error) => e instanceof NotFoundError && /data\/nope/.test(e.message),
      );
      await assert.rejects(t.om.datasets.drop('nope'), NotFoundError);
      assert.equal(await t.om.datasets.drop('nope', { force: true }), false);
      assert.equal(await t.om.datasets.metadata('nope'), null);
      assert.equal(await t.om.datasets.exists('nope'), false);
    });

    it('drop removes the object', async () => {
      await t.om.datasets.put({ a: 1 }, 'to-drop');
      assert.equal(await t.om.datasets.drop('to-drop'), true);
      assert.equal(await t.om.datasets.exists('to-drop'), false);
      await assert.rejects(t.om.datasets.get('to-drop'), NotFoundError);
    });

    it('merges attributes shallowly; replace starts over', async () => {
      await t.om.datasets.put({ a: 1 }, 'attrs', { attributes: { owner: 'ann', tags: ['x'] } });
      const merged = await t.om.datasets.put({ a: 2 }, 'attrs', { attributes: { tags: ['y'], stage: 'dev' } });
      assert.deepEqual(merged.attributes, { owner: 'ann', tags: ['y'], stage: 'dev' });
      const replaced = await t.om.datasets.put({ a: 3 }, 'attrs', { replace: true, attributes: { fresh: true } });
      assert.deepEqual(replaced.attributes, { fresh: true });
      assert.deepEqual((await t.om.datasets.metadata('attrs'))?.attributes, { fresh: true });
      assert.ok(replaced.created.getTime() <= replaced.modified.getTime());
    });

    it('a put of another kind replaces the object and its kind', async () => {
      await t.om.datasets.put({ a: 1 }, 'changes-kind');
      const meta = await t.om.datasets.put(Buffer.from('now bytes'), 'changes-kind');
      assert.equal(meta.kind, 'file');
      assert.equal(((await t.om.datasets.get('changes-kind')) as Buffer).toString(), 'now bytes');
    });

    it('opts.kind forces a backend; a kind that cannot store the object is a ValidationError', async () => {
      assert.equal((await t.om.datasets.put('just text', 'forced', { kind: 'json' })).kind, 'json');
      await assert.rejects(
        t.om.datasets.put({ a: 1 }, 'forced2', { kind: 'file' }),
        /kind file cannot store an object of type Object/,
      );
      await assert.rejects(t.om.datasets.put({ a: 1 }, 'forced3', { kind: 'nosuchkind' }), /unknown kind "nosuchkind"/);
      assert.equal(await t.om.datasets.exists('forced2'), false);
    });

    it('an unsupported object is a ValidationError naming its type, and nothing is written', async () => {
      await assert.rejects(t.om.datasets.put(new Map(), 'unsupported'), /type Map/);
      await assert.rejects(
        t.om.datasets.put(() => 1, 'unsupported'),
        /type function/,
      );
      await assert.rejects(t.om.datasets.put({ x: Number.NaN }, 'unsupported'), /\$\.x is NaN/);
      await assert.rejects(t.om.datasets.put({ when: new Date() }, 'unsupported'), /\$\.when is a Date/);
      await assert.rejects(t.om.models.put({ a: 1 }, 'unsupported'), /no backend of store models\//);
      assert.equal(await t.om.datasets.exists('unsupported'), false);
    });

    it('bad names and attributes are ValidationErrors and write nothing', async () => {
      for (const bad of ['', '../x', 'a/../b', 'x@1', 'x[a]', 'a'.repeat(256), 'ctl\u0001']) {
        await assert.rejects(t.om.datasets.put({ a: 1 }, bad), ValidationError, JSON.stringify(bad));
        await assert.rejects(t.om.datasets.drop(bad), ValidationError);
        // A projection is a valid modifier on datasets' get: there, x[a] is simply not found.
        await assert.rejects(t.om.datasets.get(bad), bad === 'x[a]' ? NotFoundError : ValidationError);
      }
      await assert.rejects(
        t.om.datasets.put({ a: 1 }, 'x', { attributes: [] as never }),
        /attributes must be a plain object/,
      );
      await assert.rejects(t.om.datasets.get('config[a]'), /kind json, which has no columns/);
      assert.equal(await t.om.datasets.exists('x'), false);
    });

    it('names are data: SQL metacharacters, quotes and unicode round-trip', async () => {
      const names = ["o'brien", 'x"; DROP TABLE omega_metadata; --', 'données/été/日本', 'a'.repeat(255)];
      for (const [i, name] of names.entries()) await t.om.datasets.put({ i }, name);
      for (const [i, name] of names.entries()) assert.deepEqual(await t.om.datasets.get(name), { i });
      assert.ok((await t.om.datasets.list()).includes('données/été/日本'));
    });
  });
}
