import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { ValidationError } from '../errors.js';
import { cannot } from '../util/readable-file.js';
import { entryExtensions, INDEX_FILES, isEntryFile, MAX_BYTES, MAX_FILES } from './script-rules.js';

/** A script folder's files by relative path, and its entry. */
export interface ScriptFolder {
  entry: string;
  files: Map<string, Buffer>;
}

/**
 * Reads a script folder: every regular file below it but `node_modules/` and dot-files (`.git/`
 * among them), and the entry package.json names (`main`, else index.js, index.mjs, index.ts or
 * index.mts). Symlinks are rejected: one could point outside the folder.
 */
export async function readScriptFolder(root: string): Promise<ScriptFolder> {
  const paths = await listFiles(root);
  if (!paths.includes('package.json')) {
    throw new ValidationError(`script folder ${root} has no package.json; a script folder needs one`);
  }
  const files = new Map<string, Buffer>();
  for (const path of paths) {
    const file = join(root, ...path.split('/'));
    files.set(
      path,
      await readFile(file).catch((error: unknown) => {
        throw cannot('read', file, error);
      }),
    );
  }
  return { entry: entryOf(root, files), files };
}

/** The relative paths of the files to store, checked against the limits before any is read. */
async function listFiles(root: string): Promise<string[]> {
  const paths: string[] = [];
  let size = 0;
  const pending = [''];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const dir = join(root, ...folder.split('/'));
    const entries: Dirent[] = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      throw cannot('read', dir, error);
    });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || (entry.isDirectory() && entry.name === 'node_modules')) continue;
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        throw new ValidationError(`script folder ${root} contains the symlink ${path}; symlinks are not supported`);
      }
      if (entry.isDirectory()) {
        pending.push(path);
        continue;
      }
      if (!entry.isFile()) throw new ValidationError(`script folder ${root} contains ${path}, which is not a file`);
      paths.push(path);
      if (paths.length > MAX_FILES) {
        throw new ValidationError(
          `script folder ${root} has more than ${MAX_FILES} files (node_modules/ and dot-files not counted)`,
        );
      }
      size += (await stat(join(dir, entry.name))).size;
      if (size > MAX_BYTES) {
        throw new ValidationError(`script folder ${root} holds more than ${MAX_BYTES} bytes (20 MiB)`);
      }
    }
  }
  return paths;
}

function entryOf(root: string, files: Map<string, Buffer>): string {
  const main = mainOf(root, files.get('package.json') as Buffer);
  if (main === undefined) {
    const index = INDEX_FILES.find((file) => files.has(file));
    if (index === undefined) {
      throw new ValidationError(
        `script folder ${root} has no entry: package.json has no main and there is no ${INDEX_FILES.join(', ')}`,
      );
    }
    return index;
  }
  const entry = posix.normalize(main);
  const named = `package.json main ${JSON.stringify(main)}`;
  if (entry.startsWith('/') || entry === '..' || entry.startsWith('../')) {
    throw new ValidationError(`script folder ${root}: ${named} points outside the folder`);
  }
  if (!isEntryFile(entry)) {
    throw new ValidationError(`script folder ${root}: ${named} is not a ${entryExtensions()} file`);
  }
  if (!files.has(entry)) {
    throw new ValidationError(
      `script folder ${root}: the entry ${named} does not exist (node_modules/ and dot-files are left out)`,
    );
  }
  return entry;
}

/** package.json's `main`, or undefined when it has none. */
function mainOf(root: string, manifest: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest.toString('utf8'));
  } catch (error) {
    throw new ValidationError(`script folder ${root}: package.json is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ValidationError(`script folder ${root}: package.json does not hold a JSON object`);
  }
  const { main } = parsed as { main?: unknown };
  if (main !== undefined && typeof main !== 'string') {
    throw new ValidationError(`script folder ${root}: package.json main must be a string`);
  }
  return main;
}
