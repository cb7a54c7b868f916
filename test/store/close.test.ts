// Closing handles: the handle setup() returned closes the context (every handle of it); a
// handle from bucket() closes itself only. A closed handle answers with UnavailableError.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Omega, setup, UnavailableError } from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';

/** Every kind of call a handle answers, each expected to fail with UnavailableError once closed. */
function calls(om: Omega, query: ReturnType<Omega['datasets']['getl']>): [string, () => unknown][] {
  return [
    ['datasets.put', () => om.datasets.put({ a: 1 }, 'j')],
    ['datasets.get', () => om.datasets.get('rows')],
    ['datasets.list', () => om.datasets.list()],
    ['datasets.metadata', () => om.datasets.metadata('rows')],
    ['datasets.drop', () => om.datasets.drop('rows')],
    ['lazy query', () => query.count()],
    ['models.list', () => om.models.list()],
    ['scripts.exists', () => om.scripts.exists('s')],
    ['jobs.put', () => om.jobs.put({ a: 1 }, 'j')],
    ['buckets', () => om.buckets()],
    ['bucket', () => om.bucket('elsewhere')],
    ['runtime', () => om.runtime.ping()],
  ];
}

async function assertClosed(om: Omega, query: ReturnType<Omega['datasets']['getl']>, what: RegExp): Promise<void> {
  for (const [name, call] of calls(om, query)) {
    await assert.rejects(
      async () => await call(),
      (error: unknown) => {
        assert.ok(error instanceof UnavailableError, `${name}: ${String(error)}`);
        assert.match(error.message, what, name);
        return true;
      },
    );
  }
}

for (const engine of ENGINES) {
  describe(`closing handles (${engine})`, () => {
    let site: TestSite;
    before(() => {
      site = testSite(engine);
    });
    after(async () => {
      await site?.cleanup();
    });

    it('closing a bucket handle leaves the context and its other handles working', async () => {
      const om = await setup(site.context('siblings'));
      try {
        const x = om.bucket('x');
        const y = om.bucket('y');
        await x.datasets.put([{ n: 1 }], 'rows');
        const query = x.datasets.getl('rows');
        await x.close();
        await x.close();
        await assertClosed(x, query, /this handle on bucket x of context siblings is closed/);

        await om.datasets.put([{ n: 2 }], 'rows');
        assert.deepEqual(await om.datasets.get('rows'), [{ n: 2 }]);
        await y.datasets.put({ b: 1 }, 'j');
        assert.deepEqual(await om.bucket('x').datasets.get('rows'), [{ n: 1 }], 'a new handle on x works');
        assert.deepEqual(await om.buckets(), ['default', 'x', 'y']);
        assert.equal((await om.runtime.ping()).context, 'siblings');
      } finally {
        await om.close();
      }
    });

    it('closing the handle setup() returned closes every handle of the context, once', async () => {
      const om = await setup(site.context('owner'));
      const x = om.bucket('x');
      await om.datasets.put([{ n: 1 }], 'rows');
      const runtime = om.runtime;
      const query = om.datasets.getl('rows');
      await Promise.all([om.close(), om.close()]);
      await om.close();
      await x.close();
      await assertClosed(om, query, /^context owner is closed$/);
      await assertClosed(x, x.datasets.getl('rows'), /^context owner is closed$/);
      await assert.rejects(async () => await runtime.ping(), UnavailableError);
    });
  });
}
