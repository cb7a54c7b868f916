import { access, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ValidationError } from '../errors.js';
import type { ScriptPackage } from './script-package.js';

/** A version is a folder name: no separators, and not starting with '.' (staging folders do). */
const VERSION = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Where script versions are written out to be imported. */
export function scriptsFolder(): string {
  return join(tmpdir(), 'omegats-scripts');
}

/**
 * Writes the package's files once per version to `<tmpdir>/omegats-scripts/<version>` and returns
 * that folder. The files go into a fresh staging folder renamed into place, so an existing
 * version folder is always complete: processes that race each write their own copy, one rename
 * wins, and the others use the winner's (identical, since a version names its content).
 */
export async function materializeScript(pkg: ScriptPackage, version: string): Promise<string> {
  if (!VERSION.test(version)) {
    throw new ValidationError(`invalid script version ${JSON.stringify(version)}: expected a content hash`);
  }
  const target = join(scriptsFolder(), version);
  if (await exists(target)) return target;
  await mkdir(scriptsFolder(), { recursive: true });
  const staging = await mkdtemp(join(scriptsFolder(), `.${version}-`));
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
    if (await exists(target)) return target;
    throw error;
  }
  return target;
}

function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
