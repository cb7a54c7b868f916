import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

/**
 * Streams `source` (stdin) into a new temporary file, so that a reader can read it more than once,
 * and hands its path to `work`; the file is removed afterwards. Nothing is held in memory.
 */
export async function withSpooledFile<T>(
  source: Readable,
  name: string,
  work: (path: string) => Promise<T>,
): Promise<T> {
  const folder = await mkdtemp(join(tmpdir(), 'om-stdin-'));
  try {
    const path = join(folder, name);
    await pipeline(source, createWriteStream(path));
    return await work(path);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
