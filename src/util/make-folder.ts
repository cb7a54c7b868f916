import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Creates a folder and its missing parents, like `mkdir -p`. Node's own `{ recursive: true }`
 * retries forever, at full CPU, where mkdir answers ENOENT under a parent that exists (as in
 * /proc/self/x); this throws that error instead.
 */
export function makeFolderSync(path: string): void {
  const missing = mkdirUnlessExists(path);
  if (missing === undefined) return;
  const parent = dirname(path);
  if (parent === path) throw missing;
  makeFolderSync(parent);
  const stillMissing = mkdirUnlessExists(path);
  if (stillMissing !== undefined) throw stillMissing;
}

/** Creates `path` (an existing one is fine); returns the ENOENT error when its parent is missing. */
function mkdirUnlessExists(path: string): NodeJS.ErrnoException | undefined {
  try {
    mkdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return error as NodeJS.ErrnoException;
    if (code !== 'EEXIST') throw error;
  }
  return undefined;
}
