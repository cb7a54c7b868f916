import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { ValidationError } from '../errors.js';
import { cannot } from '../util/readable-file.js';
import { type CellLanguage, type Notebook, parseNotebook, singleCellNotebook } from './notebook.js';

/** A job is source code: this bounds what one put reads. */
const MAX_BYTES = 20 * 1024 * 1024;

const MODULE_LANGUAGES: Record<string, CellLanguage> = {
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.ts': 'typescript',
  '.mts': 'typescript',
};

/**
 * Reads a job from disk: a Jupyter notebook (`.ipynb`, checked) or one JavaScript/TypeScript module
 * (`.js`, `.mjs`, `.ts`, `.mts`), which becomes a notebook of one cell. Anything else is a
 * ValidationError naming the path and what is wrong.
 */
export async function readJobFile(path: string): Promise<Notebook> {
  const info = await stat(path).catch((error: unknown) => {
    throw cannot('read job', path, error);
  });
  const extension = extname(path).toLowerCase();
  const language = MODULE_LANGUAGES[extension];
  if (!info.isFile() || (extension !== '.ipynb' && language === undefined)) {
    throw new ValidationError(
      `job ${path} is not a .ipynb, .js, .mjs, .ts or .mts file (to store code from a string use om.jobs.create(code, name))`,
    );
  }
  if (info.size > MAX_BYTES) {
    throw new ValidationError(`job ${path} is ${info.size} bytes; at most ${MAX_BYTES} (20 MiB) are allowed`);
  }
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw cannot('read job', path, error);
  });
  if (language !== undefined) return singleCellNotebook(text, language);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ValidationError(`notebook ${path} is not JSON: ${(error as Error).message}`);
  }
  return parseNotebook(json, `notebook ${path}`);
}
