// Promotion asks the backend how its content moves: a backend's transfer hook is used inside one
// database and across databases; a blob backend's typed put result ({ blob, meta }) is stored as
// kindMeta with the blob's sha256 and size, and its bytes reach another database by hash.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { type Backend, type BlobPut, type Omega, registerBackend, setup, ValidationError } from '../../src/index.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';

class Counter {
  constructor(readonly n: number) {}
}
class Label {
  constructor(readonly text: string) {}
}

/** Written in the store transaction; its transfer hook says where it was moved. */
const counterBackend: Backend = {
  kind: 'test.counter',
  prefixes: ['data/'],
  supports: (obj) => obj instanceof Counter,
  async write(_tx, obj) {
    return { n: (obj as Counter).n };
  },
  async release() {},
  async get(_scope, { meta }) {
    return new Counter(Number(meta.kindMeta.n));
  },
  transfer({ meta }, { sameDatabase }) {
    return {
      copy: 'none',
      stage: async () => undefined,
      content: async () => ({ n: Number(meta.kindMeta.n) + 1, moved: sameDatabase ? 'same' : 'across' }),
    };
  },
};

/** A blob backend without a hook: the default transfer shares or copies its blob. */
const labelBackend: Backend = {
  kind: 'test.label',
  prefixes: ['data/'],
  supports: (obj) => obj instanceof Label,
  async put(scope, obj) {
    const blob = await scope.engine.blobs.write(Buffer.from((obj as Label).text));
    return { blob, meta: { length: (obj as Label).text.length } };
  },
  async get(scope, { meta }) {
    return new Label((await scope.engine.blobs.read(String(meta.kindMeta.sha256))).toString());
  },
};

/** A put result of the old, untyped shape: kindMeta with the hash in it. */
const untypedBackend: Backend = {
  ...labelBackend,
  kind: 'test.untyped',
  supports: (obj) => obj instanceof Label && obj.text === 'untyped',
  async put(scope, obj) {
    const { sha256, size } = await scope.engine.blobs.write(Buffer.from((obj as Label).text));
    return { sha256, size } as unknown as BlobPut;
  },
};

registerBackend(counterBackend.kind, counterBackend);
registerBackend(labelBackend.kind, labelBackend);
registerBackend(untypedBackend.kind, untypedBackend);

for (const engine of ENGINES) {
  describe(`transfer hooks (${engine})`, () => {
    const t = suiteContext(engine);

    it("a backend's transfer hook moves its content, inside one database and across", async () => {
      await t.om.datasets.put(new Counter(1), 'c');
      const prod = t.om.bucket('prod');
      const same = await t.om.datasets.promote('c', prod.datasets);
      assert.equal(same.plan.copy, 'none');
      assert.deepEqual((await prod.datasets.metadata('c'))?.kindMeta, { n: 2, moved: 'same', revision: 1 });
      assert.deepEqual(await prod.datasets.get('c'), new Counter(2));
      const other: Omega = await setup(t.site.context('other'));
      try {
        await t.om.datasets.promote('c', other.datasets);
        assert.deepEqual((await other.datasets.metadata('c'))?.kindMeta, { n: 2, moved: 'across', revision: 1 });
      } finally {
        await other.close();
      }
    });

    it("a blob put result is stored with the blob's sha256 and size, and its bytes promoted by hash", async () => {
      const meta = await t.om.datasets.put(new Label('hello'), 'l');
      const sha256 = createHash('sha256').update('hello').digest('hex');
      assert.deepEqual(meta.kindMeta, { length: 5, sha256, size: 5, revision: 1 });
      assert.equal((await t.om.datasets.promote('l', t.om.bucket('prod').datasets)).plan.copy, 'none');
      const other: Omega = await setup(t.site.context('other'));
      try {
        assert.equal((await t.om.datasets.promote('l', other.datasets)).plan.copy, 'stream');
        assert.deepEqual(await other.datasets.get('l'), new Label('hello'));
        assert.equal((await other.datasets.metadata('l'))?.kindMeta.sha256, sha256);
      } finally {
        await other.close();
      }
    });

    it('a blob put result of another shape is a ValidationError, and nothing is stored', async () => {
      await assert.rejects(t.om.datasets.put(new Label('untyped'), 'u', { kind: 'test.untyped' }), ValidationError);
      assert.equal(await t.om.datasets.metadata('u'), null);
    });
  });
}
