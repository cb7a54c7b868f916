import { IntegrityError, ValidationError } from '../errors.js';
import { ScriptPackage } from './script-package.js';

/**
 * A script's bytes: JSON `{ entry, files: [[path, base64], …] }` with files in path order, so
 * equal packages encode to equal bytes and a put of unchanged files adds no version.
 */
export function encodeScript(pkg: ScriptPackage): Buffer {
  const files = [...pkg.files].map(([path, bytes]) => [path, bytes.toString('base64')]);
  return Buffer.from(JSON.stringify({ entry: pkg.entry, files }), 'utf8');
}

/** The package `encodeScript` wrote; anything else is an IntegrityError. */
export function decodeScript(bytes: Buffer): ScriptPackage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw malformed((error as Error).message);
  }
  const { entry, files } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as {
    entry?: unknown;
    files?: unknown;
  };
  if (typeof entry !== 'string' || !Array.isArray(files) || !files.every(isFilePair)) {
    throw malformed('expected { entry, files: [[path, base64], …] }');
  }
  try {
    return new ScriptPackage(entry, new Map(files.map(([path, base64]) => [path, Buffer.from(base64, 'base64')])));
  } catch (error) {
    if (error instanceof ValidationError) throw malformed(error.message);
    throw error;
  }
}

function isFilePair(value: unknown): value is [string, string] {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string';
}

function malformed(reason: string): IntegrityError {
  return new IntegrityError(`the stored script is malformed: ${reason}`);
}
