import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readScriptPackage, ScriptPackage } from '../../src/scripts/script-package.js';
import { ENGINES, suiteContext } from '../helpers/engines.js';
import { FIXTURES, scratchFolder } from './scratch.js';

for (const engine of ENGINES) {
  describe(`scripts store (${engine})`, () => {
    const t = suiteContext(engine);
    const scratch = scratchFolder();

    it('stores a .js file, a .ts file and folders; get returns the package as read', async () => {
      const samples = [
        { file: 'hello.js', entry: 'hello.js', files: ['hello.js'] },
        { file: 'double.ts', entry: 'double.ts', files: ['double.ts'] },
        { file: 'report', entry: 'src/report.ts', files: ['package.json', 'src/report.ts', 'src/total.ts'] },
        { file: 'stats', entry: 'index.js', files: ['index.js', 'lib/mean.js', 'package.json'] },
      ];
      for (const sample of samples) {
        const path = join(FIXTURES, sample.file);
        const meta = await t.om.scripts.put(path, sample.file);
        assert.equal(meta.kind, 'script.module');
        assert.equal(meta.kindMeta.entry, sample.entry);
        assert.equal(meta.kindMeta.files, sample.files.length);
        assert.equal(meta.kindMeta.version, meta.kindMeta.sha256);
        const stored = await t.om.scripts.get(sample.file);
        assert.ok(stored instanceof ScriptPackage);
        assert.deepEqual([...stored.files.keys()], sample.files);
        assert.deepEqual(stored, await readScriptPackage(path));
      }
    });

    it('stores a ScriptPackage object as well', async () => {
      const pkg = new ScriptPackage('main.mjs', new Map([['main.mjs', Buffer.from('export const run = () => 1;\n')]]));
      const meta = await t.om.scripts.put(pkg, 'inline');
      assert.equal(meta.kind, 'script.module');
      assert.deepEqual(await t.om.scripts.get('inline'), pkg);
    });

    it('leaves node_modules/ and dot-files of a folder out', async () => {
      const folder = join(scratch.path, 'with-extras');
      cpSync(join(FIXTURES, 'stats'), folder, { recursive: true });
      mkdirSync(join(folder, 'node_modules', 'dep'), { recursive: true });
      writeFileSync(join(folder, 'node_modules', 'dep', 'index.js'), 'export {};\n');
      mkdirSync(join(folder, '.git'));
      writeFileSync(join(folder, '.git', 'HEAD'), 'ref: refs/heads/main\n');
      writeFileSync(join(folder, 'lib', '.env'), 'SECRET=1\n');
      const pkg = await readScriptPackage(folder);
      assert.deepEqual([...pkg.files.keys()], ['index.js', 'lib/mean.js', 'package.json']);
      assert.deepEqual(pkg, await readScriptPackage(join(FIXTURES, 'stats')));
    });

    it('keeps immutable versions: the same content adds none, a change adds one; @tag and ^ select them', async () => {
      const file = join(scratch.path, 'versioned.js');
      writeFileSync(file, 'export const run = () => 1;\n');
      const first = await t.om.scripts.put(file, 'versioned', { tag: 'v1' });
      const same = await t.om.scripts.put(file, 'versioned');
      assert.equal(same.kindMeta.version, first.kindMeta.version);
      assert.equal((await t.om.scripts.revisions('versioned')).length, 1);
      const one = await readScriptPackage(file);

      writeFileSync(file, 'export const run = () => 2;\n');
      const second = await t.om.scripts.put(file, 'versioned', { tag: 'v2' });
      assert.notEqual(second.kindMeta.version, first.kindMeta.version);
      const two = await readScriptPackage(file);
      const revisions = await t.om.scripts.revisions('versioned');
      assert.deepEqual(
        revisions.map((r) => [r.version, r.tags]),
        [
          [first.kindMeta.version, ['v1']],
          [second.kindMeta.version, ['latest', 'v2']],
        ],
      );
      assert.deepEqual(await t.om.scripts.get('versioned'), two);
      assert.deepEqual(await t.om.scripts.get('versioned@v1'), one);
      assert.deepEqual(await t.om.scripts.get('versioned^'), one);
      assert.deepEqual(await t.om.scripts.get(`versioned@${String(second.kindMeta.version).slice(0, 8)}`), two);
    });
  });
}
