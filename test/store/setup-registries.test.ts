// Each setup() has its own backends and promotion conditions: copies of the defaults as they
// are at setup() (registerBackend, registerCondition), plus those of its own options.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type Backend,
  ConditionFailedError,
  type Omega,
  registerBackend,
  registerCondition,
  setup,
  ValidationError,
} from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';

/** A dataset backend for strings that start with `<tag>:`, stored as a blob. */
function tagBackend(kind: string, tag = 'tag'): Backend {
  return {
    kind,
    prefixes: ['data/'],
    supports: (obj) => typeof obj === 'string' && obj.startsWith(`${tag}:`),
    async put(scope, obj) {
      return { blob: await scope.engine.blobs.write(Buffer.from(String(obj))) };
    },
    async get(scope, { meta }) {
      return (await scope.engine.blobs.read(String(meta.kindMeta.sha256))).toString();
    },
  };
}

for (const engine of ENGINES) {
  describe(`per-setup registries (${engine})`, () => {
    let site: TestSite;
    const opened: Omega[] = [];
    const open = async (options: Parameters<typeof setup>[0] = {}): Promise<Omega> => {
      const om = await setup({ ...site.context(`c${opened.length}`), ...options });
      opened.push(om);
      return om;
    };
    before(() => {
      site = testSite(engine);
    });
    after(async () => {
      for (const om of opened) await om.close();
      await site?.cleanup();
    });

    it('a backend given to one setup() serves that context only, as a list or by kind', async () => {
      const listed = await open({ backends: [tagBackend('test.tag')] });
      const mapped = await open({ backends: { 'test.tag': tagBackend('test.tag') } });
      const plain = await open();
      assert.equal((await listed.datasets.put('tag:a', 'a')).kind, 'test.tag');
      assert.equal((await listed.bucket('other').datasets.put('tag:b', 'b')).kind, 'test.tag', 'every bucket');
      assert.equal(await listed.datasets.get('a'), 'tag:a');
      assert.equal((await mapped.datasets.put('tag:a', 'a')).kind, 'test.tag');
      assert.equal((await plain.datasets.put('tag:a', 'a')).kind, 'json');
      await assert.rejects(plain.datasets.put('tag:a', 'x', { kind: 'test.tag' }), /unknown kind "test\.tag"/);
    });

    it('registerBackend reaches every later setup(), not the contexts already open', async () => {
      // The defaults are the process's: each engine's suite registers its own kind.
      const kind = `test.later-${engine}`;
      const earlier = await open();
      registerBackend(kind, tagBackend(kind, kind));
      const later = await open();
      assert.equal((await later.datasets.put(`${kind}:x`, 'x')).kind, kind);
      assert.equal((await earlier.datasets.put(`${kind}:x`, 'x')).kind, 'json');
    });

    it('a condition given to one setup() is known there only; registerCondition reaches later setups', async () => {
      const strict = await open({ conditions: { 'test.never': () => 'never good enough' } });
      const plain = await open();
      await strict.datasets.put({ a: 1 }, 'd');
      await assert.rejects(
        strict.datasets.promote('d', strict.bucket('prod').datasets, { conditions: ['test.never'] }),
        (error: unknown) => error instanceof ConditionFailedError && /never good enough/.test(error.message),
      );
      // Into another context: the target's conditions, then the source's (both are the caller's setups).
      await assert.rejects(
        strict.datasets.promote('d', (await open()).datasets, { conditions: ['test.never'] }),
        ConditionFailedError,
      );
      await plain.datasets.put({ a: 1 }, 'd');
      await assert.rejects(
        plain.datasets.promote('d', plain.bucket('prod').datasets, { conditions: ['test.never'] }),
        (error: unknown) =>
          error instanceof ValidationError && /unknown promotion condition "test\.never"/.test(error.message),
      );

      const always = `test.always-${engine}`;
      registerCondition(always, () => true);
      const later = await open();
      await later.datasets.put({ a: 1 }, 'd');
      const passed = await later.datasets.promote('d', later.bucket('prod').datasets, { conditions: [always] });
      assert.deepEqual(passed.conditions, [{ name: always, passed: true }]);
      await assert.rejects(
        plain.datasets.promote('d', plain.bucket('prod').datasets, { conditions: [always] }),
        ValidationError,
      );
    });

    it('malformed backends and conditions are ValidationErrors', async () => {
      const bad: unknown[] = [
        { backends: 'test.tag' },
        { backends: [null] },
        { backends: { other: tagBackend('test.tag') } },
        { conditions: [() => true] },
        { conditions: { 'bad name': () => true } },
        { conditions: { ok: 'not a function' } },
      ];
      for (const options of bad) {
        await assert.rejects(
          setup({ ...site.context('bad'), ...(options as object) }),
          ValidationError,
          JSON.stringify(options),
        );
      }
    });
  });
}
