import { stat } from 'node:fs/promises';
import { ValidationError } from '../errors.js';

/** A missing, unreadable or folder `path` is a ValidationError. */
export async function assertReadableFile(path: string): Promise<void> {
  const info = await stat(path).catch((error: unknown) => {
    throw cannot('read', path, error);
  });
  if (info.isDirectory()) throw new ValidationError(`cannot read ${path}: it is a directory`);
}

/** `cannot read x.csv: no such file or directory`, from a Node fs error. */
export function cannot(verb: string, path: string, error: unknown): ValidationError {
  const message = error instanceof Error ? error.message : String(error);
  const reason = /^[A-Z]+: ([^,]+),/.exec(message)?.[1] ?? message;
  return new ValidationError(`cannot ${verb} ${path}: ${reason}`, { cause: error });
}
