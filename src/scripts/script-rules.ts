import { extname } from 'node:path';

/** The files a script's entry may be: what Node (JavaScript) or tsx (TypeScript) imports as a module. */
export const ENTRY_EXTENSIONS = ['.js', '.mjs', '.ts', '.mts'] as const;

/** The entries a folder without package.json `main` may have, in order of preference. */
export const INDEX_FILES = ENTRY_EXTENSIONS.map((extension) => `index${extension}`);

/** A script is source code, not data: these bound what one put reads and stores. */
export const MAX_FILES = 1000;
export const MAX_BYTES = 20 * 1024 * 1024;

export function isEntryFile(path: string): boolean {
  return (ENTRY_EXTENSIONS as readonly string[]).includes(extname(path));
}

/** `.js, .mjs, .ts or .mts`, for messages. */
export function entryExtensions(): string {
  return `${ENTRY_EXTENSIONS.slice(0, -1).join(', ')} or ${ENTRY_EXTENSIONS.at(-1)}`;
}

export function isTypeScript(path: string): boolean {
  return /\.m?ts$/.test(path);
}
