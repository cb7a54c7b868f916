import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { listContexts } from '../../src/config/contexts.js';
import { NotFoundError, setup, ValidationError } from '../../src/index.js';

const ENV_KEYS = [
  'OMEGA_HOME',
  'OMEGA_CONFIG',
  'OMEGA_CONTEXT',
  'OMEGA_STORE_URL',
  'OMEGA_BROKER_URL',
  'OMEGA_BUCKET',
  'OMEGA_LOCAL_RUNTIME',
];

describe('setup() and config', () => {
  let home: string;
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'omegats-config-'));
    for (const key of ENV_KEYS) {
      saved.set(key, process.env[key]);
      delete process.env[key];
    }
    process.env.OMEGA_HOME = home;
  });
  afterEach(() => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(home, { recursive: true, force: true });
  });
  const writeConfig = (text: string, file = join(home, 'config.yml')) => {
    writeFileSync(file, text);
    return file;
  };

  it('the default context is embedded under OMEGA_HOME and created on first use', async () => {
    const om = await setup();
    assert.equal(om.context, 'default');
    assert.equal(om.bucketName, 'default');
    assert.equal(om.spec.broker, null);
    await om.datasets.put({ a: 1 }, 'x');
    assert.ok(existsSync(join(home, 'contexts', 'default', 'omega.db')));
    await om.close();
    await om.close(); // idempotent
    const again = await setup();
    assert.deepEqual(await again.datasets.get('x'), { a: 1 });
    await again.close();
  });

  it('contexts are separate: same name, separate data', async () => {
    const dev = await setup({ context: 'dev', create: true });
    const prod = await setup({ context: 'prod', create: true });
    await dev.datasets.put({ env: 'dev' }, 'cfg');
    assert.equal(await prod.datasets.exists('cfg'), false);
    await prod.datasets.put({ env: 'prod' }, 'cfg');
    assert.deepEqual(await dev.datasets.get('cfg'), { env: 'dev' });
    await Promise.all([dev.close(), prod.close()]);
  });

  it('reads contexts from config.yml; `context:` picks the default; OMEGA_CONTEXT overrides it', async () => {
    writeConfig(
      'context: dev\ncontexts:\n  dev:\n    store: sqlite:data/dev.db\n    bucket: team\n  prod:\n    store: sqlite:///' +
        join(home, 'prod.db').slice(1) +
        '\n    broker: redis://u:pw@127.0.0.1:6379/0\n    promotion:\n      conditions:\n        models: [fitted]\n',
    );
    const dev = await setup();
    assert.equal(dev.context, 'dev');
    assert.equal(dev.bucketName, 'team');
    assert.deepEqual(dev.spec.store, { engine: 'sqlite', path: join(home, 'data', 'dev.db') });
    await dev.close();
    process.env.OMEGA_CONTEXT = 'prod';
    const prod = await setup();
    assert.equal(prod.context, 'prod');
    assert.deepEqual(prod.spec.store, { engine: 'sqlite', path: join(home, 'prod.db') });
    assert.equal(prod.spec.broker, 'redis://u:pw@127.0.0.1:6379/0');
    assert.deepEqual(prod.spec.promotionConditions, { models: ['fitted'] });
    await prod.close();
  });

  it('OMEGA_CONFIG names another config file', async () => {
    const file = writeConfig('context: other\ncontexts:\n  other: {}\n', join(home, 'elsewhere.yml'));
    process.env.OMEGA_CONFIG = file;
    const om = await setup();
    assert.equal(om.context, 'other');
    await om.close();
    process.env.OMEGA_CONFIG = join(home, 'missing.yml');
    assert.throws(() => listContexts(), /missing\.yml.*does not exist/);
  });

  it('environment overrides apply to the selected context; explicit options win', async () => {
    process.env.OMEGA_STORE_URL = 'sqlite:env/omega.db';
    process.env.OMEGA_BUCKET = 'from-env';
    process.env.OMEGA_LOCAL_RUNTIME = '1';
    const om = await setup({ context: 'dev', create: true });
    assert.deepEqual(om.spec.store, { engine: 'sqlite', path: join(home, 'env', 'omega.db') });
    assert.equal(om.bucketName, 'from-env');
    assert.equal(om.spec.local, true);
    await om.close();
    const explicit = await setup({ context: 'dev', bucket: 'explicit', local: false });
    assert.equal(explicit.bucketName, 'explicit');
    assert.equal(explicit.spec.local, false);
    await explicit.close();
  });

  it('ad hoc contexts take a name, a store and a broker', async () => {
    const om = await setup({ name: 'adhoc1', store: 'sqlite:adhoc/omega.db', broker: 'local', bucket: 'b1' });
    assert.equal(om.context, 'adhoc1');
    assert.equal(om.bucketName, 'b1');
    assert.equal(om.spec.broker, null);
    await om.close();
  });

  it('malformed YAML is a ValidationError naming the file', async () => {
    const file = writeConfig('contexts:\n  dev: [unclosed\n');
    await assert.rejects(
      setup(),
      (e: Error) => e instanceof ValidationError && e.message.includes(file) && /YAML/.test(e.message),
    );
  });

  it('wrong types and unknown keys name the file and the key', async () => {
    const file = writeConfig('contexts:\n  dev:\n    store: 42\n');
    await assert.rejects(
      setup({ context: 'dev' }),
      (e: Error) => e.message.includes(file) && e.message.includes('contexts.dev.store'),
    );
    writeConfig('contexts:\n  dev:\n    stroe: sqlite:x.db\n');
    await assert.rejects(setup({ context: 'dev' }), /contexts\.dev.*stroe/);
  });

  it('an unknown URL scheme names the key and the URL, never the password', async () => {
    const file = writeConfig('contexts:\n  prod:\n    store: mongodb://admin:hunter2@db:27017/omega\n');
    await assert.rejects(setup({ context: 'prod' }), (e: Error) => {
      assert.ok(e instanceof ValidationError);
      assert.ok(e.message.includes(`${file}: contexts.prod.store`), e.message);
      assert.ok(e.message.includes('mongodb://admin:***@db:27017/omega'), e.message);
      assert.ok(!e.message.includes('hunter2'));
      return true;
    });
    writeConfig('contexts:\n  prod:\n    broker: amqp://guest:guest@rabbit//\n');
    await assert.rejects(setup({ context: 'prod' }), /contexts\.prod\.broker: unknown broker URL scheme/);
    await assert.rejects(setup({ store: 'mysql://x/y' }), /setup\(\) store: unknown store URL scheme/);
  });

  it('with `embedded: false`, an unknown context is a NotFoundError naming the file', async () => {
    const file = writeConfig('embedded: false\ncontexts:\n  dev: {}\n');
    await assert.rejects(
      setup({ context: 'typo' }),
      (e: Error) => e instanceof NotFoundError && e.message.includes(file) && /"typo"/.test(e.message),
    );
  });

  it('invalid context and bucket names are ValidationErrors', async () => {
    await assert.rejects(setup({ context: '../escape' }), /invalid context name/);
    await assert.rejects(setup({ bucket: 'no spaces' }), /invalid bucket name/);
    assert.equal(existsSync(join(home, 'escape')), false);
  });

  it('listContexts shows configured and embedded contexts, redacted', async () => {
    writeConfig('context: prod\ncontexts:\n  prod:\n    store: postgres://omega:s3cret@127.0.0.1:1/omega_prod\n');
    // An embedded context that exists on disk but not in the config.
    const om = await setup({ name: 'scratch', store: 'sqlite:contexts/scratch/omega.db' });
    await om.datasets.put(1, 'x');
    await om.close();
    const contexts = listContexts().filter((c) => c.name !== 'default');
    assert.deepEqual(
      contexts.map((c) => [c.name, c.origin, c.isDefault]),
      [
        ['prod', 'config', true],
        ['scratch', 'embedded', false],
      ],
    );
    assert.equal(contexts[0]?.store, 'postgres://omega:***@127.0.0.1:1/omega_prod');
  });
});
