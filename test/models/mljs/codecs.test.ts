import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValidationError } from '../../../src/errors.js';
import { estimatorFor, mljsCodecs } from '../../../src/models/mljs/index.js';
import type { ModelCodec } from '../../../src/models/model-codec.js';
import { CASES, type Case, SPECIES, test, train } from './fixtures.js';

function codecOf(kind: string): ModelCodec {
  const codec = mljsCodecs.find((c) => c.kind === kind);
  assert.ok(codec, `no codec ${kind}`);
  return codec;
}

function parse(bytes: Uint8Array): Record<string, unknown> {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as Record<string, unknown>;
}

async function trained(c: Case): Promise<object> {
  const model = c.make();
  await estimatorFor(model).fit(train.X, c.task === 'classification' ? train.species : train.target);
  return model;
}

it('mljsCodecs has one codec per class, each with its own kind', () => {
  assert.deepEqual(
    mljsCodecs.map((c) => c.kind),
    CASES.map((c) => c.kind),
  );
});

for (const c of CASES) {
  describe(`${c.kind} codec`, () => {
    const codec = codecOf(c.kind);

    it('supports its own class only', () => {
      for (const other of CASES) assert.equal(codec.supports(other.make()), other === c, other.className);
      assert.equal(codec.supports({}), false);
      assert.equal(codec.supports(null), false);
    });

    it('encodes other objects as a ValidationError', async () => {
      await assert.rejects(codec.encode({ predict: () => [] }), ValidationError);
    });

    it('round-trips an untrained instance with its options', async () => {
      const model = c.make();
      const encoded = await codec.encode(model);
      assert.equal(encoded.fitted, false);
      assert.deepEqual(encoded.meta, { class: c.className });
      const json = parse(encoded.bytes);
      assert.equal(json.class, c.className);
      assert.equal(json.fitted, false);
      assert.equal(json.model, undefined);
      const decoded = await codec.decode(Buffer.from(encoded.bytes), { ...encoded.meta, fitted: false });
      assert.ok(codec.supports(decoded));
      assert.equal(estimatorFor(decoded).fitted, false);
      assert.deepEqual((await codec.encode(decoded)).bytes, encoded.bytes, 'options survive');
    });

    it('round-trips a trained model: the decoded model predicts identically', async () => {
      const model = await trained(c);
      const encoded = await codec.encode(model);
      assert.equal(encoded.fitted, true);
      assert.equal(parse(encoded.bytes).fitted, true);
      assert.equal(encoded.meta?.class, c.className);
      assert.equal(encoded.meta?.features, 4);
      if (c.task === 'classification') assert.deepEqual(encoded.meta?.classes, [...SPECIES]);
      else assert.equal(encoded.meta?.classes, undefined);

      const decoded = await codec.decode(Buffer.from(encoded.bytes), { ...encoded.meta, fitted: true });
      assert.ok(codec.supports(decoded));
      assert.notEqual(decoded, model);
      const before = estimatorFor(model);
      const after = estimatorFor(decoded);
      assert.equal(after.fitted, true);
      assert.deepEqual(await after.predict(test.X), await before.predict(test.X));
      if (c.task === 'classification') assert.deepEqual((await after.predict(test.X)).slice(0, 3), [...SPECIES]);
      if (before.predictProba && after.predictProba) {
        assert.deepEqual(await after.predictProba(test.X), await before.predictProba(test.X));
      }
      assert.deepEqual(
        c.direct(decoded as object, test.X),
        c.direct(model, test.X),
        "the library's own predict agrees",
      );
    });

    it('encodes deterministically: same model, same bytes; decoded and re-encoded, same bytes', async () => {
      const model = await trained(c);
      const first = await codec.encode(model);
      const second = await codec.encode(model);
      assert.deepEqual(second.bytes, first.bytes);
      const again = await codec.encode(await trained(c));
      assert.deepEqual(again.bytes, first.bytes, 'an identically trained model');
      const decoded = await codec.decode(Buffer.from(first.bytes), {});
      assert.deepEqual((await codec.encode(decoded)).bytes, first.bytes);
    });

    it('reports fitted as the object is, before and after fit', async () => {
      const model = c.make();
      assert.equal((await codec.encode(model)).fitted, false);
      await estimatorFor(model).fit(train.X, c.task === 'classification' ? train.classes : train.target);
      assert.equal((await codec.encode(model)).fitted, true);
    });

    it('decodes malformed bytes as a ValidationError naming the class', async () => {
      const good = parse((await codec.encode(await trained(c))).bytes);
      const bad: [string, Buffer][] = [
        ['not UTF-8', Buffer.from([0xff, 0xfe, 0x00])],
        ['not JSON', Buffer.from('{"class": ')],
        ['empty', Buffer.alloc(0)],
        ['an array', Buffer.from('[]')],
        ['another class', Buffer.from(JSON.stringify({ ...good, class: 'Nope' }))],
        ['no fitted flag', Buffer.from(JSON.stringify({ ...good, fitted: 'yes' }))],
        ['fitted without a model', Buffer.from(JSON.stringify({ ...good, model: undefined }))],
        ['an empty model', Buffer.from(JSON.stringify({ ...good, model: {} }))],
        ['a bad feature count', Buffer.from(JSON.stringify({ ...good, features: -1 }))],
      ];
      for (const [what, bytes] of bad) {
        await assert.rejects(
          codec.decode(bytes, {}),
          (err: unknown) => err instanceof ValidationError && err.message.includes(c.className),
          what,
        );
      }
    });
  });
}
