import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Backend, registerBackend, ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

/** A user's backend: stores Points (and, taking precedence over json, any {x, y} object) as a blob. */
const pointBackend: Backend = {
  kind: 'test.point',
  prefixes: ['data/'],
  supports: (obj) => obj instanceof Point || (typeof obj === 'object' && obj !== null && 'x' in obj && 'y' in obj),
  async put(scope, obj) {
    const { x, y } = obj as Point;
    return { blob: await scope.engine.blobs.write(Buffer.from(`${x},${y}`)), meta: { dims: 2 } };
  },
  async get(scope, { meta }) {
    const [x, y] = (await scope.engine.blobs.read(String(meta.kindMeta.sha256))).toString().split(',').map(Number);
    return new Point(x ?? Number.NaN, y ?? Number.NaN);
  },
};

registerBackend(pointBackend.kind, pointBackend);

for (const engine of ENGINES) {
  describe(`registerBackend (${engine})`, () => {
    const t = suiteContext(engine);

    it('a registered backend stores and restores its objects, ahead of the built-in ones', async () => {
      const meta = await t.om.datasets.put(new Point(3, 4), 'p');
      assert.equal(meta.kind, 'test.point');
      assert.equal(meta.kindMeta.dims, 2);
      assert.deepEqual(await t.om.datasets.get('p'), new Point(3, 4));
      assert.equal((await t.om.datasets.put({ x: 1, y: 2 }, 'plain')).kind, 'test.point');
      assert.equal((await t.om.datasets.put({ x: 1, y: 2 }, 'as-json', { kind: 'json' })).kind, 'json');
      assert.deepEqual(await t.om.datasets.list(undefined, { kind: 'test.point' }), ['p', 'plain']);
    });

    it('serves only its stores, and a malformed registration is refused', async () => {
      await assert.rejects(
        t.om.models.put(new Point(1, 1), 'p'),
        /no backend of store models\/ supports an object of type Point/,
      );
      assert.throws(() => registerBackend('other', pointBackend), ValidationError);
      assert.throws(() => registerBackend('bad kind', { ...pointBackend, kind: 'bad kind' }), ValidationError);
    });
  });
}
