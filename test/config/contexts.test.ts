// API.md §1: only `default` is created on first use; any other context must be configured, exist
// on disk, or be created with `create: true`. A typo is a NotFoundError that suggests a name.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { removeContextEntry, writeContextEntry } from '../../src/config/config-writer.js';
import { listContexts } from '../../src/config/contexts.js';
import { NotFoundError, setup } from '../../src/index.js';
import { nearestName } from '../../src/util/nearest-name.js';
import { ENGINES, testSite } from '../helpers/engines.js';

const SELECTING_ENV = ['OMEGA_HOME', 'OMEGA_CONFIG', 'OMEGA_CONTEXT', 'OMEGA_STORE_URL', 'OMEGA_BROKER_URL'];

describe('contexts are created explicitly (API.md §1)', () => {
  let home: string;
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'omegats-contexts-'));
    for (const key of SELECTING_ENV) {
      saved.set(key, process.env[key]);
      delete process.env[key];
    }
  });
  afterEach(() => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(home, { recursive: true, force: true });
  });
  const writeConfig = (text: string) => writeFileSync(join(home, 'config.yml'), text);

  it('a typo is a NotFoundError listing the known contexts and suggesting the nearest; nothing is created', async () => {
    writeConfig('contexts:\n  dev: {}\n  prod: {}\n');
    await assert.rejects(setup({ home, context: 'dve' }), (e: Error) => {
      assert.ok(e instanceof NotFoundError, String(e));
      assert.match(e.message, /^context dve does not exist \(known: default, dev, prod\); did you mean dev\?/);
      assert.match(e.message, /om contexts create dve/);
      return true;
    });
    assert.equal(existsSync(join(home, 'contexts', 'dve')), false);
    assert.equal(readFileSync(join(home, 'config.yml'), 'utf8'), 'contexts:\n  dev: {}\n  prod: {}\n');
    // OMEGA_CONTEXT and the config's `context:` are checked the same way.
    process.env.OMEGA_CONTEXT = 'prdo';
    await assert.rejects(setup({ home }), /context prdo does not exist .*did you mean prod\?/);
    delete process.env.OMEGA_CONTEXT;
    writeConfig('context: staging\ncontexts:\n  dev: {}\n');
    await assert.rejects(
      setup({ home }),
      (e: Error) => e instanceof NotFoundError && /context staging/.test(e.message),
    );
  });

  it('no suggestion when nothing is near', async () => {
    await assert.rejects(setup({ home, context: 'zzzzzz' }), (e: Error) => {
      assert.match(e.message, /\(known: default\)\. Create it/);
      assert.doesNotMatch(e.message, /did you mean/);
      return true;
    });
  });

  it('`default` is created on first use, even with a config that does not name it', async () => {
    writeConfig('contexts:\n  dev: {}\n');
    const om = await setup({ home });
    assert.equal(om.context, 'default');
    await om.close();
    assert.ok(existsSync(join(home, 'contexts', 'default', 'omega.db')));
  });

  it('create: true creates an embedded context and its config entry, keeping comments; again it just opens', async () => {
    writeConfig('# my contexts\ncontext: default   # the usual one\ncontexts:\n  # the shared server\n  dev: {}\n');
    const om = await setup({ home, context: 'team', create: true });
    assert.equal(om.context, 'team');
    assert.deepEqual(om.spec.store, { engine: 'sqlite', path: join(home, 'contexts', 'team', 'omega.db') });
    await om.datasets.put({ a: 1 }, 'x');
    await om.close();
    assert.equal(
      readFileSync(join(home, 'config.yml'), 'utf8'),
      '# my contexts\ncontext: default # the usual one\ncontexts:\n  # the shared server\n  dev: {}\n  team: {}\n',
    );
    const again = await setup({ home, context: 'team', create: true });
    assert.deepEqual(await again.datasets.get('x'), { a: 1 });
    await again.close();
    const plain = await setup({ home, context: 'team' });
    assert.deepEqual(await plain.datasets.get('x'), { a: 1 });
    await plain.close();
  });

  it('create: true writes nothing when the options are bad', async () => {
    await assert.rejects(setup({ home, context: 'team', create: true, bucket: 'no spaces' }), /invalid bucket name/);
    assert.equal(existsSync(join(home, 'config.yml')), false);
    assert.equal(existsSync(join(home, 'contexts', 'team')), false);
  });

  it('create: true without a config file writes one', async () => {
    const om = await setup({ home, context: 'dev', create: true });
    await om.close();
    assert.equal(readFileSync(join(home, 'config.yml'), 'utf8'), 'contexts:\n  dev: {}\n');
  });

  it('an embedded context that exists on disk opens without a config entry', async () => {
    const adhoc = await setup({ home, name: 'old', store: 'sqlite:contexts/old/omega.db' });
    await adhoc.datasets.put([{ a: 1 }], 't');
    await adhoc.close();
    const om = await setup({ home, context: 'old' });
    assert.deepEqual(await om.datasets.get('t'), [{ a: 1 }]);
    await om.close();
    assert.equal(existsSync(join(home, 'config.yml')), false);
  });

  it('`embedded: false` accepts only the contexts the config defines', async () => {
    const adhoc = await setup({ home, name: 'old', store: 'sqlite:contexts/old/omega.db' });
    await adhoc.close();
    writeConfig('embedded: false\ncontexts:\n  dev: {}\n');
    await assert.rejects(setup({ home, context: 'old' }), /context old does not exist \(known: dev\)/);
    await assert.rejects(setup({ home }), /context default does not exist \(known: dev\)/);
    assert.deepEqual(
      listContexts({ home }).map((c) => c.name),
      ['dev'],
    );
  });

  it('listContexts shows `default` before it exists and marks the current context', async () => {
    writeConfig('contexts:\n  dev: {}\n');
    const rows = listContexts({ home });
    assert.deepEqual(
      rows.map((c) => [c.name, c.origin, c.isDefault, c.current]),
      [
        ['default', 'embedded', true, true],
        ['dev', 'config', false, false],
      ],
    );
    assert.equal(rows[0]?.store, `sqlite:${join(home, 'contexts', 'default', 'omega.db')}`);
    assert.deepEqual(
      listContexts({ home }, 'dev').map((c) => c.current),
      [false, true],
    );
  });

  it('ad hoc contexts (a store given) need no config entry', async () => {
    const om = await setup({ home, name: 'elsewhere', store: 'sqlite:elsewhere.db' });
    assert.equal(om.context, 'elsewhere');
    await om.close();
    assert.equal(existsSync(join(home, 'config.yml')), false);
  });

  for (const engine of ENGINES) {
    it(`a configured context on ${engine} opens; a typo of it does not`, async () => {
      const site = testSite(engine);
      try {
        writeFileSync(join(site.home, 'config.yml'), `contexts:\n  production:\n    store: ${site.storeUrl()}\n`);
        const om = await setup({ home: site.home, context: 'production' });
        await om.datasets.put({ a: 1 }, 'x');
        await om.close();
        await assert.rejects(
          setup({ home: site.home, context: 'prodution' }),
          /context prodution does not exist \(known: default, production\); did you mean production\?/,
        );
      } finally {
        await site.cleanup();
      }
    });
  }
});

describe('config writer', () => {
  it('adds and removes context entries, keeping the rest of the file', () => {
    const home = mkdtempSync(join(tmpdir(), 'omegats-writer-'));
    try {
      const file = join(home, 'config.yml');
      writeFileSync(file, '# top\ncontext: dev\ncontexts: # none yet\n');
      writeContextEntry(file, 'prod', { store: 'postgres://omega@db/omega', broker: 'redis://q/0' });
      writeContextEntry(file, 'dev', {});
      assert.equal(
        readFileSync(file, 'utf8'),
        '# top\ncontext: dev\ncontexts:\n  # none yet\n  prod:\n    store: postgres://omega@db/omega\n    broker: redis://q/0\n  dev: {}\n',
      );
      assert.equal(removeContextEntry(file, 'prod'), true);
      assert.equal(removeContextEntry(file, 'prod'), false);
      assert.equal(readFileSync(file, 'utf8'), '# top\ncontext: dev\ncontexts:\n  # none yet\n  dev: {}\n');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('nearestName tolerates one typo per three characters', () => {
    assert.equal(nearestName('dve', ['default', 'dev', 'prod']), 'dev');
    assert.equal(nearestName('prdo', ['default', 'dev', 'prod']), 'prod');
    assert.equal(nearestName('x', ['default', 'dev', 'prod']), undefined);
    assert.equal(nearestName('stagign', ['staging', 'prod']), 'staging');
  });
});
