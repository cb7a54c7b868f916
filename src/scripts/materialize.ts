import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ValidationError } from '../errors.js';
import { privateScriptsFolder } from './private-folder.js';
import type { ScriptPackage } from './script-package.js';

/** A version is a folder name: no separators, and not starting with '.' (staging folders do). */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** A copy is a short key of whose copy it is. */
const COPY = /^[0-9a-f]{1,64}$/;

/** Where script versions are written out to be imported (see privateScriptsFolder). */
export function scriptsFolder(): Promise<string> {
  return privateScriptsFolder();
}

/**
 * Writes the package's files to `<scripts folder>/<version>-<copy>` and returns that folder; `copy`
 * names whose copy it is (each context and bucket gets its own: see loadScript). An existing
 * folder is reused only when it holds exactly the package's files, byte for byte, and no symlinks;
 * anything else is replaced. Files go into a fresh staging folder renamed into place, so processes
 * that race each write their own copy, one rename wins, and the others use the winner's once it
 * checks out.
 */
export async function materializeScript(pkg: ScriptPackage, version: string, copy: string): Promise<string> {
  if (!VERSION.test(version)) {
    throw new ValidationError(`invalid script version ${JSON.stringify(version)}: expected a content hash`);
  }
  if (!COPY.test(copy)) throw new ValidationError(`invalid script copy ${JSON.stringify(copy)}: expected a hex key`);
  const folder = await scriptsFolder();
  const target = join(folder, `${version}-${copy}`);
  if (await holdsExactly(target, pkg)) return target;
  await rm(target, { recursive: true, force: true });
  const staging = await mkdtemp(join(folder, `.${version}-`));
  try {
    for (const [path, bytes] of pkg.files) {
      const file = join(staging, ...path.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, bytes);
    }
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // The rename fails when another process's copy arrived first.
    if (await holdsExactly(target, pkg)) return target;
    throw error;
  }
  return target;
}

/** Whether `folder` is a real folder holding the package's files and nothing else (no symlinks). */
async function holdsExactly(folder: string, pkg: ScriptPackage): Promise<boolean> {
  const found = await regularFiles(folder, '');
  if (found === undefined || found.length !== pkg.files.size) return false;
  for (const path of found) {
    const expected = pkg.files.get(path);
    if (expected === undefined) return false;
    const bytes = await readFile(join(folder, ...path.split('/'))).catch(() => undefined);
    if (bytes === undefined || !bytes.equals(expected)) return false;
  }
  return true;
}

/** The '/'-separated paths of the regular files below `folder`; undefined if it is missing or holds anything else. */
async function regularFiles(folder: string, prefix: string): Promise<string[] | undefined> {
  const info = await lstat(folder).catch(() => undefined);
  if (!info?.isDirectory()) return undefined;
  const paths: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isFile()) paths.push(path);
    else if (!entry.isDirectory()) return undefined;
    else {
      const below = await regularFiles(join(folder, entry.name), `${path}/`);
      if (below === undefined) return undefined;
      paths.push(...below);
    }
  }
  return paths;
}
