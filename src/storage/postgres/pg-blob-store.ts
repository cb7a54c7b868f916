import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { NotFoundError } from '../../errors.js';
import {
  BLOB_CHUNK_SIZE,
  type BlobRef,
  type BlobSource,
  type BlobStore,
  toReadable,
  VerifyingStream,
  verifyBytes,
} from '../blob-store.js';
import type { Db } from '../engine.js';

/**
 * Blobs as 1 MiB bytea chunks. Chunks are written under a fresh upload id; the blob becomes
 * visible only when its `omega_blob` row (hash → upload) is inserted, so a crash mid-write
 * leaves only unreferenced chunks, which gc removes.
 */
export class PgBlobStore implements BlobStore {
  constructor(private readonly db: Db) {}

  async write(source: BlobSource): Promise<BlobRef> {
    const upload = randomUUID();
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    try {
      for await (const chunk of rechunk(toReadable(source))) {
        hash.update(chunk);
        size += chunk.length;
        await this.db.insertInto('omega_blob_chunk').values({ upload, seq: seq++, data: chunk }).execute();
      }
      const sha256 = hash.digest('hex');
      const inserted = await this.db
        .insertInto('omega_blob')
        .values({ sha256, size, upload, created: new Date().toISOString() })
        .onConflict((c) => c.column('sha256').doNothing())
        .returning('sha256')
        .executeTakeFirst();
      if (!inserted) await this.discard(upload);
      return { sha256, size };
    } catch (error) {
      await this.discard(upload).catch(() => undefined);
      throw error;
    }
  }

  async read(sha256: string): Promise<Buffer> {
    const upload = await this.uploadOf(sha256);
    const rows = await this.db
      .selectFrom('omega_blob_chunk')
      .select('data')
      .where('upload', '=', upload)
      .orderBy('seq')
      .execute();
    return verifyBytes(sha256, Buffer.concat(rows.map((row) => row.data)));
  }

  stream(sha256: string): Readable {
    const db = this.db;
    const uploadOf = () => this.uploadOf(sha256);
    async function* chunks() {
      const upload = await uploadOf();
      for (let seq = 0; ; seq++) {
        const row = await db
          .selectFrom('omega_blob_chunk')
          .select('data')
          .where('upload', '=', upload)
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (!row) return;
        yield row.data;
      }
    }
    const verifying = new VerifyingStream(sha256);
    const source = Readable.from(chunks(), { objectMode: false });
    source.on('error', (error) => verifying.destroy(error));
    return source.pipe(verifying);
  }

  async exists(sha256: string): Promise<boolean> {
    const row = await this.db.selectFrom('omega_blob').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    return row !== undefined;
  }

  private async uploadOf(sha256: string): Promise<string> {
    const row = await this.db.selectFrom('omega_blob').select('upload').where('sha256', '=', sha256).executeTakeFirst();
    if (!row) throw new NotFoundError(`blob ${sha256} is missing from the database`);
    return row.upload;
  }

  private async discard(upload: string): Promise<void> {
    await this.db.deleteFrom('omega_blob_chunk').where('upload', '=', upload).execute();
  }
}

/** Regroups a byte stream into chunks of BLOB_CHUNK_SIZE (the last may be shorter). */
async function* rechunk(source: Readable): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingSize = 0;
  for await (const piece of source) {
    let buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece as Uint8Array);
    while (pendingSize + buffer.length >= BLOB_CHUNK_SIZE) {
      const take = BLOB_CHUNK_SIZE - pendingSize;
      pending.push(buffer.subarray(0, take));
      yield Buffer.concat(pending);
      buffer = buffer.subarray(take);
      pending = [];
      pendingSize = 0;
    }
    if (buffer.length > 0) {
      pending.push(buffer);
      pendingSize += buffer.length;
    }
  }
  if (pendingSize > 0 || pending.length > 0) yield Buffer.concat(pending);
}
