import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '../../src/errors.js';
import { loadScript } from '../../src/scripts/load-script.js';
import { materializeScript, scriptsFolder } from '../../src/scripts/materialize.js';
import { encodeScript } from '../../src/scripts/script-codec.js';
import { readScriptPackage, ScriptPackage } from '../../src/scripts/script-package.js';
import { FIXTURES, scratchFolder } from './scratch.js';

/** The version the scripts store gives a package: the sha256 of its encoding. */
function versionOf(pkg: ScriptPackage): string {
  return createHash('sha256').update(encodeScript(pkg)).digest('hex');
}

/** Whose module a load is. */
const OWNER = { context: 'default', bucket: 'default' };

/** A package no run has seen: its version is new, so nothing is materialized or cached yet. */
function freshPackage(): ScriptPackage {
  const source = `// ${randomBytes(8).toString('hex')}\nexport function run(_om, payload) { return payload * 3; }\n`;
  return new ScriptPackage('index.mjs', new Map([['index.mjs', Buffer.from(source)]]));
}

async function load(sample: string) {
  const pkg = await readScriptPackage(join(FIXTURES, sample));
  return loadScript(pkg, versionOf(pkg), OWNER);
}

describe('loadScript', () => {
  // Script versions are written below tmpdir(): this suite's own, removed after it.
  const scratch = scratchFolder();
  let tmp: string | undefined;
  before(() => {
    tmp = process.env.TMPDIR;
    process.env.TMPDIR = scratch.path;
  });
  after(() => {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  });

  it('runs each sample: JavaScript and TypeScript, files and folders, named and default run', async () => {
    const om = { bucketName: 'default' };
    assert.deepEqual(await (await load('hello.js')).run(om, { name: 'ada' }), { greeting: 'hello ada' });
    assert.equal(await (await load('double.ts')).run(om, { n: 21 }), 42);
    assert.equal(await (await load('greet.mjs')).run(om, { name: 'ada' }), 'hi ada');
    assert.equal(await (await load('shout.ts')).run(om, { text: 'ada' }), 'ADA');
    const report = await load('report');
    assert.deepEqual(await report.run(om, { month: '2026-11', amounts: [1.5, 2, 3] }), {
      month: '2026-11',
      total: 6.5,
    });
    assert.deepEqual(await (await load('stats')).run(om, { values: [1, 2, 6] }), { mean: 3 });
  });

  it('writes a version once per owner, below tmpdir, and caches its module', async () => {
    const pkg = await readScriptPackage(join(FIXTURES, 'report'));
    const version = versionOf(pkg);
    const first = await loadScript(pkg, version, OWNER);
    assert.equal(await loadScript(pkg, version, OWNER), first);
    const [copy] = readdirSync(await scriptsFolder()).filter((name) => name.startsWith(`${version}-`));
    const folder = join(await scriptsFolder(), copy as string);
    assert.ok(folder.startsWith(scratch.path));
    assert.deepEqual(readFileSync(join(folder, 'src', 'total.ts')), pkg.files.get('src/total.ts'));
  });

  it('a module without run is a ValidationError naming the entry', async () => {
    await assert.rejects(load('no-run.js'), (error: unknown) => {
      assert.ok(error instanceof ValidationError);
      assert.match(error.message, /^script entry no-run\.js \(version [0-9a-f]{12}\) exports no function run/);
      return true;
    });
  });

  it('a module that fails to import is a ValidationError naming the entry', async () => {
    const pkg = new ScriptPackage('broken.ts', new Map([['broken.ts', Buffer.from('export function run( {\n')]]));
    await assert.rejects(
      loadScript(pkg, versionOf(pkg), OWNER),
      /^ValidationError: script entry broken\.ts .* failed to load/,
    );
  });

  it('a version that is not a folder name is a ValidationError', async () => {
    await assert.rejects(loadScript(freshPackage(), '../escape', OWNER), ValidationError);
  });

  it('two concurrent loads of a new version both work', async () => {
    const pkg = freshPackage();
    const version = versionOf(pkg);
    const [a, b] = await Promise.all([loadScript(pkg, version, OWNER), loadScript(pkg, version, OWNER)]);
    assert.equal(a?.run(null, 2), 6);
    assert.equal(b?.run(null, 3), 9);
  });

  it('two concurrent writers of a new version (as two processes would be) share one complete folder', async () => {
    const pkg = freshPackage();
    const version = versionOf(pkg);
    const folders = await Promise.all([1, 2, 3].map(() => materializeScript(pkg, version, '0')));
    assert.deepEqual(new Set(folders), new Set([join(await scriptsFolder(), `${version}-0`)]));
    assert.deepEqual(readdirSync(folders[0] as string), ['index.mjs']);
    const staging = readdirSync(await scriptsFolder()).filter((name) => name.startsWith(`.${version}`));
    assert.deepEqual(staging, [], 'the losers removed their staging folders');
  });

  it('loads a module per context and bucket: module-level state is never shared between them', async () => {
    const source = `// ${randomBytes(8).toString('hex')}\nlet runs = 0;\nexport function run() { return ++runs; }\n`;
    const pkg = new ScriptPackage('count.mjs', new Map([['count.mjs', Buffer.from(source)]]));
    const version = versionOf(pkg);
    const owners = [
      { context: 'one', bucket: 'a' },
      { context: 'one', bucket: 'b' },
      { context: 'two', bucket: 'a' },
    ];
    const [oneA, oneB, twoA] = await Promise.all(owners.map((owner) => loadScript(pkg, version, owner)));
    assert.deepEqual(
      [oneA?.run(null, null), oneA?.run(null, null), oneB?.run(null, null), twoA?.run(null, null)],
      [1, 2, 1, 1],
    );
    assert.equal(await loadScript(pkg, version, owners[0] as (typeof owners)[0]), oneA);
  });
});
