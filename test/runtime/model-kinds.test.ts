// A model kind added by a user — a backend that carries its codec — is stored and run by the
// runtime: added to the defaults with registerBackend, or to one context with setup({ backends }).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type Backend,
  type ModelCodec,
  modelBackend,
  type Omega,
  registerBackend,
  setup,
  TaskError,
  ValidationError,
} from '../../src/index.js';
import { ENGINES, type EngineName, type TestSite, testSite } from '../helpers/engines.js';

/** A model that predicts the mean of the targets it was fitted on. */
class MeanModel {
  constructor(public mean: number | null = null) {}
}

function meanCodec(kind: string): ModelCodec {
  return {
    kind,
    supports: (obj) => obj instanceof MeanModel,
    async encode(obj) {
      const { mean } = obj as MeanModel;
      return { bytes: Buffer.from(JSON.stringify({ mean })), fitted: mean !== null };
    },
    async decode(bytes) {
      return new MeanModel((JSON.parse(bytes.toString()) as { mean: number | null }).mean);
    },
    estimator(model) {
      const mean = model as MeanModel;
      return {
        kind,
        get fitted() {
          return mean.mean !== null;
        },
        model: mean,
        async fit(_X, Y) {
          mean.mean = Y.map(Number).reduce((a, b) => a + b, 0) / Y.length;
        },
        async predict(X) {
          return X.map(() => mean.mean ?? Number.NaN);
        },
        async score() {
          return 0;
        },
      };
    },
  };
}

registerBackend('test.mean', modelBackend(meanCodec('test.mean')));

/** A models-store backend without a codec: it stores, but the runtime cannot drive it. */
const opaqueBackend: Backend = {
  kind: 'test.opaque',
  prefixes: ['models/'],
  supports: (obj) => obj instanceof MeanModel,
  async put(scope, obj) {
    return { blob: await scope.engine.blobs.write(Buffer.from(JSON.stringify(obj))) };
  },
  async get(scope, { meta }) {
    return new MeanModel(JSON.parse((await scope.engine.blobs.read(String(meta.kindMeta.sha256))).toString()).mean);
  },
};

for (const engine of ENGINES) {
  describe(`model kinds of users (${engine})`, () => {
    let site: TestSite;
    let om: Omega;
    let own: Omega;
    before(async () => {
      site = testSite(engine satisfies EngineName);
      om = await setup({ ...site.context('plain'), local: true });
      own = await setup({
        ...site.context('own'),
        local: true,
        backends: { 'test.own-mean': modelBackend(meanCodec('test.own-mean')) },
      });
    });
    after(async () => {
      await om?.close();
      await own?.close();
      await site?.cleanup();
    });

    it('a kind added with registerBackend is put, fitted and predicted through om.runtime', async () => {
      const put = await om.models.put(new MeanModel(), 'mean');
      assert.equal(put.kind, 'test.mean');
      assert.equal(put.kindMeta.fitted, false);
      const fitted = await om.runtime.model('mean').fit([[1], [2], [3]], [2, 4, 9]);
      assert.equal(fitted.kind, 'test.mean');
      assert.equal(fitted.kindMeta.fitted, true);
      assert.deepEqual(await om.runtime.model('mean').predict([[10], [20]]), [5, 5]);
      assert.deepEqual(await om.models.get('mean'), new MeanModel(5));
    });

    it('a kind given to one setup() runs there and is unknown to another context', async () => {
      await own.models.put(new MeanModel(), 'm', { kind: 'test.own-mean' });
      await own.runtime.model('m').fit([[0], [0]], [1, 3]);
      assert.deepEqual(await own.runtime.model('m').predict([[7]]), [2]);
      await assert.rejects(om.models.put(new MeanModel(), 'm', { kind: 'test.own-mean' }), ValidationError);
      const later = await setup({ ...site.context('later'), local: true });
      try {
        await assert.rejects(later.models.put(new MeanModel(), 'm', { kind: 'test.own-mean' }), /unknown kind/);
      } finally {
        await later.close();
      }
    });

    it('a models backend without a codec stores, and the runtime says it cannot run it', async () => {
      const opaque = await setup({ ...site.context('opaque'), local: true, backends: [opaqueBackend] });
      try {
        assert.equal((await opaque.models.put(new MeanModel(1), 'o')).kind, 'test.opaque');
        await assert.rejects(
          async () => await opaque.runtime.model('o').predict([[1]]),
          (error: unknown) => {
            assert.ok(error instanceof TaskError, String(error));
            assert.match(error.message, /ValidationError: models of kind test\.opaque cannot be run by the runtime/);
            return true;
          },
        );
      } finally {
        await opaque.close();
      }
    });
  });
}
