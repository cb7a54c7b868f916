import { once } from 'node:events';
import { open, readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { openOutput } from '../util/output.js';
import { assertReadableFile, cannot } from '../util/readable-file.js';

/** Opens a local file for streaming; a missing or unreadable file is a ValidationError. */
export async function openInputStream(path: string): Promise<Readable> {
  await assertReadableFile(path);
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw cannot('read', path, error);
  });
  return handle.createReadStream();
}

/** Reads a local file as UTF-8 text; a missing or unreadable file is a ValidationError. */
export async function readInputText(path: string): Promise<string> {
  return (await readInputBytes(path)).toString('utf8');
}

/** Reads a local file's bytes; a missing or unreadable file is a ValidationError. */
export async function readInputBytes(path: string): Promise<Buffer> {
  await assertReadableFile(path);
  return readFile(path).catch((error: unknown) => {
    throw cannot('read', path, error);
  });
}

/**
 * Writes `source` to `path` through a temporary file in the same folder, renamed into place only
 * when the whole stream succeeded: a failed read (e.g. an IntegrityError at the stream's end)
 * leaves neither a partial file nor a changed one.
 */
export async function writeFileAtomically(path: string, source: Readable): Promise<void> {
  const output = await openOutput(path);
  try {
    for await (const chunk of source) await output.write(chunk as Uint8Array);
    await output.commit();
  } catch (error) {
    await output.abort();
    throw error;
  }
}

/** Copies `source` into `out` (stdout) without ending it. */
export async function copyInto(out: Writable, source: Readable): Promise<void> {
  for await (const chunk of source) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
}
