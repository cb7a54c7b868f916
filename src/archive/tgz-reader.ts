import { list, type ReadEntry } from 'tar';
import { IntegrityError } from '../errors.js';
import { assertReadableFile } from '../util/readable-file.js';

/** Bytes read from the archive file at a time (tar's default is 16 MiB). */
const READ_SIZE = 1024 * 1024;

/** One entry of an archive as it streams past: read `content` (or leave it) before the next arrives. */
export interface TgzEntry {
  readonly path: string;
  readonly type: string;
  readonly size: number;
  readonly content: AsyncIterable<Buffer>;
}

/**
 * Streams the entries of the gzipped tar file `path` to `onEntry`, one at a time, in bounded
 * memory. A damaged archive (bad gzip data or checksum, truncated, a bad tar header) is an
 * IntegrityError that says so; `onEntry`'s own error is thrown once the archive has been read.
 */
export async function readTgz(path: string, onEntry: (entry: TgzEntry) => Promise<void>): Promise<void> {
  await assertReadableFile(path);
  let failure: unknown;
  // One entry at a time: the next waits (unread, which holds the parser back) until this one is handled.
  let handled: Promise<void> = Promise.resolve();
  let current: ReadEntry | undefined;
  const handle = (entry: ReadEntry) => {
    current = entry;
    handled = handled.then(async () => {
      try {
        if (failure === undefined) {
          await onEntry({ path: entry.path, type: entry.type, size: entry.size ?? 0, content: entry });
        }
      } catch (error) {
        failure ??= error;
      } finally {
        entry.resume(); // whatever onEntry left unread
      }
    });
  };
  try {
    await list({ file: path, strict: true, noResume: true, maxReadSize: READ_SIZE, onReadEntry: handle });
  } catch (error) {
    current?.destroy(); // ends the entry being read, which the damage cut short
    await handled;
    throw damaged(path, error);
  }
  await handled;
  if (failure !== undefined) throw failure;
}

function damaged(path: string, error: unknown): IntegrityError {
  const message = error instanceof Error ? error.message : String(error);
  return new IntegrityError(`${path} is damaged: ${message}`, { cause: error });
}
