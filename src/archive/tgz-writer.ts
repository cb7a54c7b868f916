import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { Header } from 'tar';
import { IntegrityError } from '../errors.js';
import { fsyncPath } from '../util/fsync.js';
import { cannot } from '../util/readable-file.js';

const BLOCK = 512;

/**
 * A gzipped tar file written entry by entry as its bytes stream in (never held whole): tar's
 * headers, gzip's compression, a temporary file beside `path` renamed onto it by `commit`.
 */
export class TgzWriter {
  private constructor(
    private readonly path: string,
    private readonly temp: string,
    private readonly gzip: Gzip,
    private readonly written: Promise<void>,
  ) {
    written.catch(() => undefined); // reported by the next write or by commit
  }

  static open(target: string): TgzWriter {
    const path = resolve(target);
    const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
    const gzip = createGzip();
    const written = pipeline(gzip, createWriteStream(temp, { flags: 'wx' })).catch((error: unknown) => {
      throw cannot('write', target, error);
    });
    return new TgzWriter(path, temp, gzip, written);
  }

  /** Adds a file entry of exactly `size` bytes; a source of another length is an IntegrityError. */
  async add(path: string, size: number, content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<void> {
    const header = Buffer.alloc(BLOCK);
    new Header({ path, size, mode: 0o644, uid: 0, gid: 0, mtime: new Date(), type: 'File' }).encode(header, 0);
    await this.write(header);
    let count = 0;
    for await (const chunk of content) {
      count += chunk.length;
      if (count > size) break;
      await this.write(chunk);
    }
    if (count !== size) {
      throw new IntegrityError(`${path} was to have ${size} bytes but has ${count > size ? 'more' : count}`);
    }
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    if (padding > 0) await this.write(Buffer.alloc(padding));
  }

  /** Ends the archive (two zero blocks), flushes it to disk and moves it into place; its size. */
  async commit(): Promise<number> {
    await this.write(Buffer.alloc(2 * BLOCK));
    this.gzip.end();
    await this.written;
    await fsyncPath(this.temp);
    await rename(this.temp, this.path).catch((error: unknown) => {
      throw cannot('write', this.path, error);
    });
    return (await stat(this.path)).size;
  }

  /** Leaves `path` as it was. */
  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.written.catch(() => undefined);
    await rm(this.temp, { force: true });
  }

  private async write(bytes: Uint8Array): Promise<void> {
    if (!this.gzip.write(bytes)) {
      await Promise.race([once(this.gzip, 'drain'), this.written]);
    }
  }
}
