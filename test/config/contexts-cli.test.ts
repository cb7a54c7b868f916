// `om contexts [create|drop]`, and contexts that must exist for every command (API.md §1, §8),
// run in-process in a fresh OMEGA_HOME, on both engines (the condition module test spawns the built CLI).
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { errorLines, type OmResult, omInProcess, spawnOm } from '../cli/om-cli.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';

/** The built library, as a condition module loaded by the built CLI imports it. */
const LIBRARY = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'index.js')).href;

interface ContextRow {
  name: string;
  current: boolean;
  origin: string;
  store: string;
}

function ok(result: OmResult): string {
  assert.equal(result.status, 0, `exit ${result.status}\n${result.stderr}`);
  return result.out;
}

function failed(result: OmResult, pattern: RegExp): string {
  assert.equal(result.status, 1, `exit ${result.status}\nstdout: ${result.out}\nstderr: ${result.stderr}`);
  const lines = errorLines(result);
  assert.equal(lines.length, 1, `one error line: ${result.stderr}`);
  assert.match(lines[0] ?? '', pattern);
  return lines[0] ?? '';
}

for (const engine of ENGINES) {
  describe(`om contexts (${engine})`, () => {
    let site: TestSite;
    let prodStore: string;
    const om = (...args: string[]) => omInProcess(site.home, args);
    const spawned = (...args: string[]) => Promise.resolve(spawnOm(site.home, args));
    const configFile = () => join(site.home, 'config.yml');
    const configText = () => (existsSync(configFile()) ? readFileSync(configFile(), 'utf8') : '');
    const contextsOf = async () => JSON.parse(ok(await om('--json', 'contexts'))) as ContextRow[];
    before(() => {
      site = testSite(engine);
      prodStore = site.storeUrl();
    });
    after(() => site.cleanup());

    it('`om contexts` shows default before it exists, marked as current', async () => {
      assert.deepEqual(
        (await contextsOf()).map((c) => [c.name, c.origin, c.current]),
        [['default', 'embedded', true]],
      );
      assert.match(
        ok(await om('contexts')),
        /^\*\s+default\s+embedded\s+sqlite:\S+contexts\/default\/omega\.db\s+local$/m,
      );
      assert.equal(existsSync(join(site.home, 'contexts', 'default')), false);
    });

    it('a typo in --context is exit 1 listing the known contexts; nothing is created', async () => {
      failed(
        await om('--context', 'dve', 'datasets', 'list'),
        /^error: context dve does not exist \(known: default\)\. Create it with `om contexts create dve`/,
      );
      assert.equal(existsSync(join(site.home, 'contexts', 'dve')), false);
      assert.equal(configText(), '');
    });

    it('om contexts create writes the config entry and creates the store; an existing name is a conflict', async () => {
      const dev = JSON.parse(ok(await om('--json', 'contexts', 'create', 'dev'))) as ContextRow;
      assert.equal(dev.name, 'dev');
      assert.ok(existsSync(join(site.home, 'contexts', 'dev', 'omega.db')));
      const text = ok(await om('contexts', 'create', 'prod', '--store', prodStore));
      assert.match(text, /^created context prod: store \S+, broker local$/m);
      assert.deepEqual(parse(configText()), { contexts: { dev: {}, prod: { store: prodStore } } });
      // The store exists and is empty.
      assert.deepEqual(JSON.parse(ok(await om('--context', 'prod', '--json', 'datasets', 'list'))), []);

      failed(await om('contexts', 'create', 'dev'), /^error: context dev already exists/);
      failed(await om('contexts', 'create', 'bad', '--store', 'mysql://db/x'), /--store: unknown store URL scheme/);
      failed(await om('contexts', 'create', '../up'), /invalid context name/);
      // A store that cannot be opened leaves no config entry behind.
      const down = failed(
        await om('contexts', 'create', 'down', '--store', 'postgres://u:hunter2@127.0.0.1:1/x'),
        /127\.0\.0\.1:1/,
      );
      assert.ok(!down.includes('hunter2'), down);
      assert.deepEqual(Object.keys(parse(configText()).contexts), ['dev', 'prod']);
    });

    it('om contexts marks the current context', async () => {
      const rows = JSON.parse(ok(await om('--context', 'prod', '--json', 'contexts'))) as ContextRow[];
      assert.deepEqual(
        rows.map((c) => [c.name, c.current]),
        [
          ['default', false],
          ['dev', false],
          ['prod', true],
        ],
      );
      assert.match(ok(await om('--context', 'prod', 'contexts')), /^\*\s+prod\s+config\s/m);
      assert.match(ok(await om('contexts')), /^\*\s+default\s/m);
    });

    it('a typo now suggests the nearest context', async () => {
      failed(
        await om('--context', 'dve', 'datasets', 'list'),
        /^error: context dve does not exist \(known: default, dev, prod\); did you mean dev\? Create it with `om contexts create dve`/,
      );
    });

    it('promotion into a typo context is refused and writes nothing', async () => {
      const csv = join(site.home, 'iris.csv');
      writeFileSync(csv, 'a,b\n1,2\n3,4\n5,6\n');
      ok(await om('--context', 'dev', 'datasets', 'put', csv, 'iris'));
      const before = configText();
      failed(
        await om('--context', 'dev', 'datasets', 'promote', 'iris', '--to-context', 'prdo'),
        /context prdo does not exist \(known: default, dev, prod\); did you mean prod\?/,
      );
      assert.equal(existsSync(join(site.home, 'contexts', 'prdo')), false);
      assert.equal(configText(), before);
      assert.deepEqual(JSON.parse(ok(await om('--context', 'prod', '--json', 'datasets', 'list'))), []);
    });

    it('an unknown condition in the config is refused when read, naming the file and the key', async () => {
      const before = configText();
      writeFileSync(configFile(), `${before}    promotion:\n      conditions:\n        datasets: [nonEmtpy]\n`);
      try {
        failed(
          await om('--context', 'dev', 'datasets', 'promote', 'iris', '--to-context', 'prod', '--dry-run'),
          new RegExp(
            `^error: ${configFile().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: contexts\\.prod\\.promotion\\.conditions\\.datasets: unknown condition 'nonEmtpy' \\(known: fitted, nonEmpty`,
          ),
        );
      } finally {
        writeFileSync(configFile(), before);
      }
      assert.deepEqual(JSON.parse(ok(await om('--context', 'prod', '--json', 'datasets', 'list'))), []);
    });

    it('conditionModules make a condition known to the CLI, and promotion applies it', async () => {
      const before = configText();
      writeFileSync(
        join(site.home, 'conditions.mjs'),
        `import { registerCondition } from ${JSON.stringify(LIBRARY)};\n` +
          `registerCondition('atLeastFourRows', ({ metadata }) => metadata.kindMeta.rows >= 4 || 'fewer than 4 rows');\n`,
      );
      writeFileSync(
        configFile(),
        `conditionModules: [./conditions.mjs]\n${before}    promotion:\n      conditions:\n        datasets: [atLeastFourRows]\n`,
      );
      try {
        failed(
          await spawned('--context', 'dev', 'datasets', 'promote', 'iris', '--to-context', 'prod'),
          /atLeastFourRows.*fewer than 4 rows/,
        );
        assert.deepEqual(JSON.parse(ok(await spawned('--context', 'prod', '--json', 'datasets', 'list'))), []);
        const csv = join(site.home, 'more.csv');
        writeFileSync(csv, 'a,b\n7,8\n');
        ok(await spawned('--context', 'dev', 'datasets', 'put', csv, 'iris'));
        assert.match(
          ok(await spawned('--context', 'dev', 'datasets', 'promote', 'iris', '--to-context', 'prod')),
          /condition atLeastFourRows: passed/,
        );
        assert.deepEqual(JSON.parse(ok(await spawned('--context', 'prod', '--json', 'datasets', 'list'))), ['iris']);
      } finally {
        writeFileSync(configFile(), before);
      }
    });

    it('om contexts drop needs --force; a non-embedded context keeps its store', async () => {
      failed(
        await om('contexts', 'drop', 'prod'),
        /^error: dropping context prod removes its entry from .*add --force/,
      );
      failed(
        await om('contexts', 'drop', 'dev'),
        /^error: dropping context dev deletes .*contexts\/dev with all its data; add --force/,
      );
      failed(await om('contexts', 'drop', 'prdo', '--force'), /context prdo does not exist .*did you mean prod\?/);

      const dropped = ok(await om('contexts', 'drop', 'prod', '--force'));
      assert.match(dropped, /^dropped context prod$/m);
      assert.match(dropped, /its store \S+ was kept/);
      failed(await om('--context', 'prod', 'datasets', 'list'), /context prod does not exist/);
      // The store was kept: configured again, its data is there.
      ok(await om('contexts', 'create', 'prod', '--store', prodStore));
      assert.deepEqual(JSON.parse(ok(await om('--context', 'prod', '--json', 'datasets', 'list'))), ['iris']);

      const devDropped = JSON.parse(ok(await om('--json', 'contexts', 'drop', 'dev', '--force')));
      assert.equal(devDropped.folderRemoved, join(site.home, 'contexts', 'dev'));
      assert.equal(existsSync(join(site.home, 'contexts', 'dev')), false);
      assert.deepEqual(Object.keys(parse(configText()).contexts), ['prod']);
      assert.deepEqual(
        (await contextsOf()).map((c) => c.name),
        ['default', 'prod'],
      );
    });

    it('the default context named by the config cannot be dropped', async () => {
      writeFileSync(configFile(), `context: prod\n${configText()}`);
      failed(await om('contexts', 'drop', 'prod', '--force'), /context prod is the default context/);
      failed(await om('contexts', 'drop', 'default', '--force'), /context default does not exist yet/);
    });
  });
}
