import { open } from 'node:fs/promises';

/** Flushes a file's bytes, or a folder's entries (making a rename in it durable), to disk. */
export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
