import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NotFoundError, type Omega, setup, ValidationError } from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';

for (const engine of ENGINES) {
  describe(`store core (${engine})`, () => {
    let site: TestSite;
    let om: Omega;
    before(async () => {
      site = testSite(engine);
      om = await setup(site.context());
    });
    after(async () => {
      await om.close();
      await site.cleanup();
    });

    it('puts and gets a json value', async () => {
      const meta = await om.datasets.put({ threshold: 0.7, tags: ['a'] }, 'config');
      assert.equal(meta.kind, 'json');
      assert.equal(meta.name, 'config');
      assert.equal(meta.bucket, 'default');
      assert.equal(meta.prefix, 'data/');
      assert.deepEqual(await om.datasets.get('config'), { threshold: 0.7, tags: ['a'] });
    });

    it('puts and gets bytes', async () => {
      const bytes = Buffer.from([0, 1, 2, 255]);
      const meta = await om.datasets.put(bytes, 'images/logo');
      assert.equal(meta.kind, 'file');
      assert.deepEqual(await om.datasets.get('images/logo'), bytes);
    });

    it('get of a missing object is a NotFoundError', async () => {
      await assert.rejects(om.datasets.get('nope'), NotFoundError);
    });
  });
}
