import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { finished } from 'node:stream/promises';
import { fsyncPath } from './fsync.js';
import { cannot } from './readable-file.js';

/** Where a writer's bytes go, with backpressure. */
export interface Output {
  /** Resolves when the stream can take more (after 'drain'); rejects with the stream's error. */
  write(data: string | Uint8Array): Promise<void>;
  /** All written: a file is moved into place; a caller's stream is left open. */
  commit(): Promise<void>;
  /** Failed: a file is removed, leaving the target as it was. */
  abort(): Promise<void>;
}

/** A path is written to a temporary file beside it, renamed onto it by commit. */
export async function openOutput(target: string | NodeJS.WritableStream): Promise<Output> {
  if (typeof target !== 'string') return streamOutput(target, async () => undefined);
  const path = resolve(target);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx').catch((error: unknown) => {
    throw cannot('write', target, error);
  });
  const stream = handle.createWriteStream();
  const output = streamOutput(stream, async () => {
    stream.end();
    await finished(stream);
    await fsyncPath(temp);
    await rename(temp, path).catch((error: unknown) => {
      throw cannot('write', target, error);
    });
  });
  return {
    write: output.write,
    commit: output.commit,
    async abort() {
      await output.abort();
      stream.destroy();
      await finished(stream).catch(() => undefined);
      await rm(temp, { force: true });
    },
  };
}

function streamOutput(stream: NodeJS.WritableStream, complete: () => Promise<void>): Output {
  // An error between writes would otherwise be uncaught; it fails the next write instead.
  let failure: unknown;
  const onError = (error: unknown) => {
    failure ??= error;
  };
  stream.on('error', onError);
  return {
    async write(data) {
      if (failure !== undefined) throw failure;
      if (!stream.write(data)) await once(stream, 'drain');
    },
    async commit() {
      if (failure !== undefined) throw failure;
      await complete();
      stream.off('error', onError);
    },
    async abort() {
      stream.off('error', onError);
    },
  };
}
