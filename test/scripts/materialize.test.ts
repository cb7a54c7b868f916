import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadScript } from '../../src/scripts/load-script.js';
import { materializeScript, scriptsFolder } from '../../src/scripts/materialize.js';
import { encodeScript } from '../../src/scripts/script-codec.js';
import { ScriptPackage } from '../../src/scripts/script-package.js';
import { scratchFolder } from './scratch.js';

const PLANTED = 'export function run() { return "planted"; }\n';
const NOBODY = 65534;
const COPY = '0';
const OWNER = { context: 'default', bucket: 'default' };
const asRoot = process.getuid?.() === 0;

/** A package no run has seen, and its version (the sha256 of its encoding, as the store names it). */
function freshPackage(): { pkg: ScriptPackage; version: string } {
  const source = `// ${randomBytes(8).toString('hex')}\nexport function run() { return "genuine"; }\n`;
  const pkg = new ScriptPackage('index.mjs', new Map([['index.mjs', Buffer.from(source)]]));
  return { pkg, version: createHash('sha256').update(encodeScript(pkg)).digest('hex') };
}

/** Plants `<folder>/<name>/index.mjs` with code that is not the package's. */
function plant(folder: string, name: string, owner?: number): void {
  mkdirSync(join(folder, name), { recursive: true });
  writeFileSync(join(folder, name, 'index.mjs'), PLANTED);
  if (owner !== undefined) {
    for (const path of [folder, join(folder, name), join(folder, name, 'index.mjs')]) chownSync(path, owner, owner);
  }
}

describe('materializeScript', () => {
  // Each test gets its own tmpdir(), below this suite's scratch folder.
  const scratch = scratchFolder();
  let tmp: string | undefined;
  before(() => {
    tmp = process.env.TMPDIR;
  });
  after(() => {
    if (tmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = tmp;
  });
  function freshTmpdir(): string {
    const path = mkdtempSync(join(scratch.path, 'tmp-'));
    process.env.TMPDIR = path;
    return path;
  }
  const userRoot = (tmpdir: string) => join(tmpdir, `omegats-${process.getuid?.()}`);

  it('writes below <tmpdir>/omegats-<uid>/scripts, a folder this user owns with mode 0700', async () => {
    const tmpdir = freshTmpdir();
    const { pkg, version } = freshPackage();
    const folder = await materializeScript(pkg, version, COPY);
    assert.equal(folder, join(userRoot(tmpdir), 'scripts', `${version}-${COPY}`));
    for (const path of [userRoot(tmpdir), join(userRoot(tmpdir), 'scripts')]) {
      const info = lstatSync(path);
      assert.ok(info.isDirectory());
      assert.equal(info.mode & 0o777, 0o700);
      assert.equal(info.uid, process.getuid?.());
    }
  });

  it('a version planted by another user at the old shared path does not run', { skip: !asRoot }, async () => {
    const tmpdir = freshTmpdir();
    const { pkg, version } = freshPackage();
    plant(join(tmpdir, 'omegats-scripts'), version, NOBODY);
    assert.equal(await (await loadScript(pkg, version, OWNER)).run(null, null), 'genuine');
  });

  it('a user folder created first by another user is not used', { skip: !asRoot }, async () => {
    const tmpdir = freshTmpdir();
    const { pkg, version } = freshPackage();
    mkdirSync(userRoot(tmpdir), { mode: 0o700 });
    chownSync(userRoot(tmpdir), NOBODY, NOBODY);
    plant(join(userRoot(tmpdir), 'scripts'), `${version}-${COPY}`, NOBODY);
    const folder = await materializeScript(pkg, version, COPY);
    assert.ok(!folder.startsWith(`${userRoot(tmpdir)}/`), folder);
    assert.deepEqual(readFileSync(join(folder, 'index.mjs')), pkg.files.get('index.mjs'));
    assert.equal(await (await loadScript(pkg, version, OWNER)).run(null, null), 'genuine');
  });

  it('a user folder with mode 0777, or a symlink in its place, is not used', async () => {
    for (const make of [
      (root: string) => {
        mkdirSync(root);
        chmodSync(root, 0o777);
      },
      (root: string) => {
        const elsewhere = mkdtempSync(join(scratch.path, 'elsewhere-'));
        chmodSync(elsewhere, 0o700);
        symlinkSync(elsewhere, root);
      },
    ]) {
      const tmpdir = freshTmpdir();
      const { pkg, version } = freshPackage();
      make(userRoot(tmpdir));
      mkdirSync(join(userRoot(tmpdir), 'scripts'), { mode: 0o700 });
      plant(join(userRoot(tmpdir), 'scripts'), `${version}-${COPY}`);
      const folder = await materializeScript(pkg, version, COPY);
      assert.ok(!folder.startsWith(`${userRoot(tmpdir)}/`), folder);
      assert.deepEqual(readFileSync(join(folder, 'index.mjs')), pkg.files.get('index.mjs'));
    }
  });

  it('an edited, added or symlinked file in a materialised version is detected and the version rewritten', async () => {
    freshTmpdir();
    const { pkg, version } = freshPackage();
    const folder = await materializeScript(pkg, version, COPY);
    const tamper = [
      () => writeFileSync(join(folder, 'index.mjs'), PLANTED),
      () => writeFileSync(join(folder, 'extra.mjs'), PLANTED),
      () => {
        const elsewhere = join(scratch.path, `planted-${randomBytes(4).toString('hex')}.mjs`);
        writeFileSync(elsewhere, pkg.files.get('index.mjs') as Buffer);
        unlinkSync(join(folder, 'index.mjs'));
        symlinkSync(elsewhere, join(folder, 'index.mjs'));
      },
    ];
    for (const edit of tamper) {
      edit();
      assert.equal(await materializeScript(pkg, version, COPY), folder);
      assert.deepEqual(readFileSync(join(folder, 'index.mjs')), pkg.files.get('index.mjs'));
      assert.ok(lstatSync(join(folder, 'index.mjs')).isFile());
      assert.deepEqual(readdirSync(folder), ['index.mjs']);
    }
    assert.equal(await (await loadScript(pkg, version, OWNER)).run(null, null), 'genuine');
  });

  it('an intact version is reused as it is', async () => {
    freshTmpdir();
    const { pkg, version } = freshPackage();
    const folder = await materializeScript(pkg, version, COPY);
    const written = statSync(folder).ino;
    assert.equal(await materializeScript(pkg, version, COPY), folder);
    assert.equal(statSync(folder).ino, written, 'the same folder, not a rewritten one');
    assert.equal(folder, join(await scriptsFolder(), `${version}-${COPY}`));
  });
});
