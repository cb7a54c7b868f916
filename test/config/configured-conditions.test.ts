// Condition names in the config are checked when setup() reads it (naming the file and the key),
// and `conditionModules` register conditions in code before that check, on both engines.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ConditionFailedError, type Omega, setup, ValidationError } from '../../src/index.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';

for (const name of ['OMEGA_CONTEXT', 'OMEGA_CONFIG', 'OMEGA_STORE_URL', 'OMEGA_BROKER_URL', 'OMEGA_BUCKET']) {
  delete process.env[name];
}

/** The library as a condition module imports it (this process runs the sources). */
const LIBRARY = pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'index.ts')).href;

/** Writes a module registering condition `name`: passes when the object has attribute reviewed. */
function writeConditionModule(file: string, name: string): void {
  writeFileSync(
    file,
    `import { registerCondition } from ${JSON.stringify(LIBRARY)};\n` +
      `registerCondition(${JSON.stringify(name)}, ({ metadata }) => metadata.attributes.reviewed === true || 'not reviewed');\n`,
  );
}

for (const engine of ENGINES) {
  describe(`conditions in the config (${engine})`, () => {
    let site: TestSite;
    let dev: string;
    let prod: string;
    const config = (text: string) => {
      const file = join(site.home, 'config.yml');
      writeFileSync(file, text);
      return file;
    };
    before(() => {
      site = testSite(engine);
      dev = site.storeUrl();
      prod = site.storeUrl();
    });
    after(() => site.cleanup());

    it('an unknown condition is a ValidationError at setup(), naming the file and the key', async () => {
      const file = config(
        `contexts:\n  dev:\n    store: ${dev}\n  prod:\n    store: ${prod}\n    promotion:\n      conditions:\n        models: [fited]\n`,
      );
      await assert.rejects(setup({ home: site.home, context: 'prod' }), (e: Error) => {
        assert.ok(e instanceof ValidationError, String(e));
        assert.ok(
          e.message.startsWith(
            `${file}: contexts.prod.promotion.conditions.models: unknown condition 'fited' (known: fitted, nonEmpty`,
          ),
          e.message,
        );
        assert.match(e.message, /did you mean 'fitted'\?/);
        return true;
      });
      // Only the selected context is checked: dev opens, and a promotion into prod cannot start.
      const om = await setup({ home: site.home, context: 'dev' });
      await om.close();
    });

    it('an unknown store under promotion.conditions names the key', async () => {
      const file = config(
        `contexts:\n  prod:\n    store: ${prod}\n    promotion:\n      conditions:\n        model: [fitted]\n`,
      );
      await assert.rejects(
        setup({ home: site.home, context: 'prod' }),
        (e: Error) =>
          e instanceof ValidationError &&
          e.message.startsWith(`${file}: contexts.prod.promotion.conditions.model: unknown store 'model'`) &&
          /did you mean 'models'\?/.test(e.message),
      );
    });

    it('conditionModules register conditions that the config and a promotion then use', async () => {
      const condition = `reviewed_${randomBytes(4).toString('hex')}`;
      writeConditionModule(join(site.home, 'my-conditions.mjs'), condition);
      config(
        `conditionModules: [./my-conditions.mjs]\ncontexts:\n  dev:\n    store: ${dev}\n` +
          `  prod:\n    store: ${prod}\n    promotion:\n      conditions:\n        datasets: [${condition}]\n`,
      );
      const handles: Omega[] = [];
      try {
        const source = await setup({ home: site.home, context: 'dev' });
        handles.push(source);
        const target = await setup({ home: site.home, context: 'prod' });
        handles.push(target);
        await source.datasets.put({ a: 1 }, 'draft');
        await assert.rejects(
          source.datasets.promote('draft', target.datasets),
          (e: Error) => e instanceof ConditionFailedError && e.message.includes('not reviewed'),
        );
        assert.equal(await target.datasets.exists('draft'), false);
        await source.datasets.put({ a: 1 }, 'draft', { attributes: { reviewed: true } });
        const result = await source.datasets.promote('draft', target.datasets);
        assert.deepEqual(result.conditions, [{ name: condition, passed: true }]);
        assert.deepEqual(await target.datasets.get('draft'), { a: 1 });
      } finally {
        for (const om of handles) await om.close();
      }
    });

    it('a condition module that cannot be loaded names the key and the module', async () => {
      const file = config(`conditionModules: [./nowhere.mjs]\ncontexts:\n  dev:\n    store: ${dev}\n`);
      await assert.rejects(
        setup({ home: site.home, context: 'dev' }),
        (e: Error) =>
          e instanceof ValidationError &&
          e.message.startsWith(`${file}: conditionModules[0]: cannot load "./nowhere.mjs"`),
      );
    });
  });
}
