import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { IntegrityError, NotFoundError } from '../../errors.js';
import {
  type BlobRef,
  type BlobSource,
  type BlobStore,
  toReadable,
  VerifyingStream,
  verifyBytes,
} from '../blob-store.js';

/**
 * Blobs as files `<root>/<aa>/<sha256>`. A write goes to `<root>/tmp/`, is fsynced and renamed
 * into place, so a crash never leaves a partial blob under its hash.
 */
export class FileBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  async write(source: BlobSource): Promise<BlobRef> {
    const tmpDir = join(this.root, 'tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmp = join(tmpDir, randomUUID());
    const hash = createHash('sha256');
    let size = 0;
    const hasher = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(toReadable(source), hasher, createWriteStream(tmp, { flags: 'wx' }));
      await fsync(tmp);
      const sha256 = hash.digest('hex');
      const dir = join(this.root, sha256.slice(0, 2));
      await mkdir(dir, { recursive: true });
      await rename(tmp, join(dir, sha256));
      await fsync(dir);
      return { sha256, size };
    } finally {
      await rm(tmp, { force: true });
    }
  }

  async read(sha256: string): Promise<Buffer> {
    const bytes = await readFile(this.path(sha256)).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? this.missing(sha256) : error;
    });
    return verifyBytes(sha256, bytes);
  }

  stream(sha256: string): Readable {
    const file = createReadStream(this.path(sha256));
    const verifying = new VerifyingStream(sha256);
    file.on('error', (error: NodeJS.ErrnoException) =>
      verifying.destroy(error.code === 'ENOENT' ? this.missing(sha256) : error),
    );
    return file.pipe(verifying);
  }

  async exists(sha256: string): Promise<boolean> {
    return access(this.path(sha256)).then(
      () => true,
      () => false,
    );
  }

  private path(sha256: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new IntegrityError(`${JSON.stringify(sha256)} is not a blob hash`);
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  private missing(sha256: string): NotFoundError {
    return new NotFoundError(`blob ${sha256} is missing from ${this.root}`);
  }
}

async function fsync(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
