import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFoundError, ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

for (const engine of ENGINES) {
  describe(`buckets (${engine})`, () => {
    const t = suiteContext(engine);

    it('bucket() returns a new handle; the original is unchanged', () => {
      const foo = t.om.bucket('foo');
      assert.equal(t.om.bucketName, 'default');
      assert.equal(foo.bucketName, 'foo');
      assert.equal(foo.context, t.om.context);
      assert.equal(foo.bucket('default').bucketName, 'default');
      assert.equal(t.om.bucket('default'), t.om);
    });

    it('same-named objects in two buckets are independent', async () => {
      const foo = t.om.bucket('foo');
      const bar = t.om.bucket('bar');
      await foo.datasets.put({ owner: 'foo' }, 'shared');
      await bar.datasets.put({ owner: 'bar' }, 'shared', { attributes: { b: 1 } });
      await foo.datasets.put(Buffer.from('foo bytes'), 'file');
      await bar.datasets.put(Buffer.from('bar bytes'), 'file');
      assert.deepEqual(await foo.datasets.get('shared'), { owner: 'foo' });
      assert.deepEqual(await bar.datasets.get('shared'), { owner: 'bar' });
      assert.deepEqual((await foo.datasets.metadata('shared'))?.attributes, {});
      assert.equal(((await bar.datasets.get('file')) as Buffer).toString(), 'bar bytes');
      assert.deepEqual(await foo.datasets.list(), ['file', 'shared']);
      assert.deepEqual(await t.om.datasets.list(), []);
      await assert.rejects(t.om.datasets.get('shared'), NotFoundError);
      await bar.datasets.drop('shared');
      assert.deepEqual(await foo.datasets.get('shared'), { owner: 'foo' });
    });

    it('buckets() lists buckets holding objects; buckets are created on first write', async () => {
      assert.deepEqual(await t.om.buckets(), ['bar', 'foo']);
      await t.om.datasets.put(1, 'one');
      t.om.bucket('never-written');
      assert.deepEqual(await t.om.buckets(), ['bar', 'default', 'foo']);
    });

    it('an invalid bucket name is rejected at once', () => {
      for (const bad of ['', '../x', "b'", 'a b', 'été', 'x'.repeat(64)]) {
        assert.throws(() => t.om.bucket(bad), ValidationError, JSON.stringify(bad));
      }
    });
  });
}
