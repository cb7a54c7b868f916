import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { access, type FileHandle, mkdir, open, readdir, readFile, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { IntegrityError } from '../../errors.js';
import { fsyncPath } from '../../util/fsync.js';
import {
  type BlobRef,
  type BlobSource,
  type BlobStore,
  type SweepPlan,
  type SweepResult,
  toReadable,
  verifiedStream,
  verifyBytes,
} from '../blob-store.js';

/**
 * Blobs as files `<root>/<aa>/<sha256>`. A write goes to `<root>/tmp/`, is fsynced and renamed
 * into place, so a crash never leaves a partial blob under its hash.
 */
export class FileBlobStore implements BlobStore {
  private readonly folders = new Set<string>();

  constructor(private readonly root: string) {}

  async write(source: BlobSource): Promise<BlobRef> {
    // Owned from here: its errors reach this call, and it is released if the write fails early.
    const pieces = toReadable(source)[Symbol.asyncIterator]();
    let tmp: string;
    let file: FileHandle;
    try {
      tmp = join(await this.folder('tmp'), randomUUID());
      file = await open(tmp, 'wx');
    } catch (error) {
      await pieces.return?.();
      throw error;
    }
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const piece of { [Symbol.asyncIterator]: () => pieces }) {
        const chunk = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
        const written = writeFully(file, chunk); // hashing overlaps the write
        hash.update(chunk);
        size += chunk.length;
        await written;
      }
      await file.sync();
      await file.close();
      const sha256 = hash.digest('hex');
      const folder = await this.folder(sha256.slice(0, 2));
      await rename(tmp, join(folder, sha256));
      await fsyncPath(folder); // makes the rename durable
      return { sha256, size };
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async read(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.path(sha256)).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? this.missing(sha256) : error;
    });
    return verifyBytes(sha256, bytes);
  }

  stream(sha256: string): Readable {
    const path = this.path(sha256);
    const missing = () => this.missing(sha256);
    return verifiedStream(sha256, async function* () {
      try {
        yield* createReadStream(path);
      } catch (error) {
        throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? missing() : error;
      }
    });
  }

  async exists(sha256: string): Promise<boolean> {
    return access(this.path(sha256)).then(
      () => true,
      () => false,
    );
  }

  async touch(sha256: string): Promise<boolean> {
    const now = new Date();
    return utimes(this.path(sha256), now, now).then(
      () => true,
      () => false,
    );
  }

  /**
   * Removes unreferenced blob files and leftover temporary files (killed writes) older than the
   * cutoff. A blob is moved aside before it is removed and put back if its mtime shows that a put
   * wrote it again meanwhile, so a blob written after gc started is never lost.
   */
  async sweep(plan: SweepPlan): Promise<SweepResult> {
    const result: SweepResult = { blobs: 0, blobBytes: 0, staged: 0, stagedBytes: 0 };
    for (const folder of await entriesOf(this.root)) {
      if (!/^[0-9a-f]{2}$/.test(folder)) continue;
      for (const name of await entriesOf(join(this.root, folder))) {
        if (!/^[0-9a-f]{64}$/.test(name) || plan.referenced(name)) continue;
        const path = join(this.root, folder, name);
        const info = await stat(path).catch(() => null);
        if (!info || info.mtime >= plan.cutoff) continue;
        if (!plan.dryRun && !(await this.removeUnlessRewritten(path, plan.cutoff))) continue;
        result.blobs++;
        result.blobBytes += info.size;
      }
    }
    const tmp = join(this.root, 'tmp');
    for (const name of await entriesOf(tmp)) {
      const info = await stat(join(tmp, name)).catch(() => null);
      if (!info || info.mtime >= plan.cutoff) continue;
      if (!plan.dryRun) await rm(join(tmp, name), { force: true });
      result.staged++;
      result.stagedBytes += info.size;
    }
    return result;
  }

  private async removeUnlessRewritten(path: string, cutoff: Date): Promise<boolean> {
    const aside = join(await this.folder('gc'), randomUUID());
    const moved = await rename(path, aside).then(
      () => true,
      () => false, // removed already
    );
    if (!moved) return false;
    if ((await stat(aside)).mtime >= cutoff) {
      await rename(aside, path); // the same bytes, whoever wrote them
      return false;
    }
    await rm(aside, { force: true });
    return true;
  }

  /** Creates a folder under the root once per process. */
  private async folder(name: string): Promise<string> {
    const path = join(this.root, name);
    if (!this.folders.has(path)) {
      await mkdir(path, { recursive: true });
      this.folders.add(path);
    }
    return path;
  }

  private path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new IntegrityError(`${JSON.stringify(sha256)} is not a blob hash`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  /** A blob that metadata refers to but whose file is gone: the store is damaged. */
  private missing(sha256: string): IntegrityError {
    return new IntegrityError(`blob ${sha256} is missing from ${this.root}`);
  }
}

/** The names in a folder; none when it does not exist. */
async function entriesOf(folder: string): Promise<string[]> {
  return readdir(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

async function writeFully(file: FileHandle, chunk: Buffer): Promise<void> {
  for (let at = 0; at < chunk.length; ) {
    const { bytesWritten } = await file.write(chunk, at, chunk.length - at);
    at += bytesWritten;
  }
}
