import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { ValidationError } from '../errors.js';
import { cannot } from '../util/readable-file.js';
import { byCodePoint } from '../util/sort.js';
import { readScriptFolder } from './script-folder.js';
import { entryExtensions, isEntryFile, MAX_BYTES, MAX_FILES } from './script-rules.js';

/**
 * A JS or TS module as `om.scripts` stores it: its files by relative, '/'-separated path (sorted,
 * so equal packages encode to equal bytes) and the entry whose exported `run` the runtime calls.
 */
export class ScriptPackage {
  readonly files: ReadonlyMap<string, Buffer>;

  constructor(
    readonly entry: string,
    files: ReadonlyMap<string, Buffer>,
  ) {
    this.files = new Map([...files].sort(([a], [b]) => byCodePoint(a, b)));
    for (const path of this.files.keys()) assertRelativePath(path);
    if (!isEntryFile(entry)) throw invalid(`its entry ${entry} is not a ${entryExtensions()} file`);
    if (!this.files.has(entry)) throw invalid(`its entry ${entry} is not one of its files`);
    if (this.files.size > MAX_FILES) throw invalid(`it has ${this.files.size} files; at most ${MAX_FILES} are allowed`);
    const size = [...this.files.values()].reduce((total, bytes) => total + bytes.length, 0);
    if (size > MAX_BYTES) throw invalid(`it holds ${size} bytes; at most ${MAX_BYTES} (20 MiB) are allowed`);
  }
}

/**
 * Reads a script from disk: a .js, .mjs, .ts or .mts file, or a folder with package.json (see
 * readScriptFolder). Anything else is a ValidationError naming the path and what is wrong.
 */
export async function readScriptPackage(path: string): Promise<ScriptPackage> {
  const info = await stat(path).catch((error: unknown) => {
    throw cannot('read script', path, error);
  });
  if (info.isDirectory()) {
    const { entry, files } = await readScriptFolder(path);
    return new ScriptPackage(entry, files);
  }
  if (!info.isFile()) throw new ValidationError(`script ${path} is neither a file nor a folder`);
  if (!isEntryFile(path)) {
    throw new ValidationError(
      `script ${path} is not a ${entryExtensions()} file; a script is one such file or a folder with package.json`,
    );
  }
  if (info.size > MAX_BYTES) {
    throw new ValidationError(`script ${path} is ${info.size} bytes; at most ${MAX_BYTES} (20 MiB) are allowed`);
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw cannot('read script', path, error);
  });
  const entry = basename(path);
  return new ScriptPackage(entry, new Map([[entry, bytes]]));
}

/** Paths are written below one folder when the script is loaded: none may leave it. */
function assertRelativePath(path: string): void {
  const segments = path.split('/');
  if (path.includes('\\') || path.includes('\0') || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw invalid(`its file path ${JSON.stringify(path)} is not a relative path of '/'-separated names`);
  }
}

function invalid(reason: string): ValidationError {
  return new ValidationError(`invalid script package: ${reason}`);
}
