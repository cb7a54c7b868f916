import { createHash, randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { IntegrityError } from '../../errors.js';
import {
  BLOB_CHUNK_SIZE,
  type BlobRef,
  type BlobSource,
  type BlobStore,
  type SweepPlan,
  type SweepResult,
  sha256Of,
  toReadable,
  verifiedStream,
  verifyBytes,
} from '../blob-store.js';
import type { Db } from '../engine.js';
import { sql } from '../kysely.js';

/**
 * Blobs as 1 MiB bytea chunks. Chunks are written under a fresh upload id; the blob becomes
 * visible only when its `omega_blob` row (hash → upload) is inserted, so a crash mid-write
 * leaves only unreferenced chunks, which gc removes.
 */
export class PgBlobStore implements BlobStore {
  constructor(private readonly db: Db) {}

  async write(source: BlobSource): Promise<BlobRef> {
    const chunks = rechunk(toReadable(source));
    const first = await chunks.next();
    const second = first.done ? first : await chunks.next();
    if (second.done) return this.writeSmall(first.done ? Buffer.alloc(0) : first.value);
    return this.writeLarge([first.value as Buffer, second.value], chunks);
  }

  async read(sha256: string): Promise<Buffer> {
    const rows = await this.db
      .selectFrom('omega_blob as b')
      .leftJoin('omega_blob_chunk as c', 'c.upload', 'b.upload')
      .select('c.data')
      .where('b.sha256', '=', sha256)
      .orderBy('c.seq')
      .execute();
    if (rows.length === 0) throw missing(sha256);
    return verifyBytes(sha256, Buffer.concat(rows.flatMap((row) => (row.data ? [row.data] : []))));
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
    return verifiedStream(sha256, chunks);
  }

  async exists(sha256: string): Promise<boolean> {
    const row = await this.db.selectFrom('omega_blob').select('sha256').where('sha256', '=', sha256).executeTakeFirst();
    return row !== undefined;
  }

  /** One chunk: hash first, then blob row and chunk in one statement (nothing when it exists). */
  private async writeSmall(bytes: Buffer): Promise<BlobRef> {
    const sha256 = sha256Of(bytes);
    const result = await sql`with blob as (
        insert into omega_blob (sha256, size, upload, created)
        values (${sha256}, ${bytes.length}, ${randomUUID()}, ${new Date().toISOString()})
        on conflict (sha256) do nothing returning upload)
      insert into omega_blob_chunk (upload, seq, data) select upload, 0, ${bytes} from blob`.execute(this.db);
    // Stored before: write it as an upload too, so that damaged stored chunks get replaced.
    if (result.numAffectedRows === 0n) return this.writeLarge([bytes], (async function* () {})());
    return { sha256, size: bytes.length };
  }

  private async writeLarge(head: Buffer[], rest: AsyncGenerator<Buffer>): Promise<BlobRef> {
    const upload = randomUUID();
    const hash = createHash('sha256');
    let size = 0;
    let seq = 0;
    const insert = async (chunk: Buffer) => {
      const written = this.db.insertInto('omega_blob_chunk').values({ upload, seq: seq++, data: chunk }).execute();
      hash.update(chunk); // overlaps the round trip
      size += chunk.length;
      await written;
    };
    try {
      for (const chunk of head) await insert(chunk);
      for await (const chunk of rest) await insert(chunk);
      const sha256 = hash.digest('hex');
      const inserted = await this.db
        .insertInto('omega_blob')
        .values({ sha256, size, upload, created: new Date().toISOString() })
        .onConflict((c) => c.column('sha256').doNothing())
        .returning('sha256')
        .executeTakeFirst();
      if (!inserted) await this.keepOne({ sha256, size }, upload, seq);
      return { sha256, size };
    } catch (error) {
      await rest.return(undefined); // releases the source stream
      await this.discard(upload).catch(() => undefined);
      throw error;
    }
  }

  /**
   * `sha256` was stored already. Its chunks are kept (and `upload` discarded) when they equal the
   * `chunks` chunks just written, compared in the server; otherwise they are damaged and the
   * blob is pointed at `upload`, whose bytes were hashed on the way in.
   */
  private async keepOne({ sha256, size }: BlobRef, upload: string, chunks: number): Promise<void> {
    const existing = await this.db
      .selectFrom('omega_blob')
      .select('upload')
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!existing) {
      // Removed meanwhile: store it again (or keep whoever stored it first).
      const inserted = await this.db
        .insertInto('omega_blob')
        .values({ sha256, size, upload, created: new Date().toISOString() })
        .onConflict((c) => c.column('sha256').doNothing())
        .executeTakeFirst();
      if (inserted.numInsertedOrUpdatedRows === 0n) await this.discard(upload);
      return;
    }
    if (await this.sameChunks(existing.upload, upload, chunks)) {
      // Written again: the blob counts as new for gc, which keeps what was written after it started.
      const touched = await this.db
        .updateTable('omega_blob')
        .set({ created: new Date().toISOString() })
        .where('sha256', '=', sha256)
        .where('upload', '=', existing.upload)
        .executeTakeFirst();
      if (touched.numUpdatedRows > 0n) return this.discard(upload);
      return this.keepOne({ sha256, size }, upload, chunks); // removed or repaired meanwhile
    }
    const repointed = await this.db
      .updateTable('omega_blob')
      .set({ upload })
      .where('sha256', '=', sha256)
      .where('upload', '=', existing.upload)
      .executeTakeFirst();
    // Removed (gc) or repaired by someone else meanwhile: look again. Else the damaged chunks can go.
    if (repointed.numUpdatedRows === 0n) return this.keepOne({ sha256, size }, upload, chunks);
    await this.discard(existing.upload);
  }

  /** Whether upload `a` holds exactly the `chunks` chunks of upload `b`, byte for byte. */
  private async sameChunks(a: string, b: string, chunks: number): Promise<boolean> {
    const row = await this.db
      .selectFrom('omega_blob_chunk as x')
      .leftJoin('omega_blob_chunk as y', (join) =>
        join.on('y.upload', '=', b).onRef('y.seq', '=', 'x.seq').onRef('y.data', '=', 'x.data'),
      )
      .where('x.upload', '=', a)
      .select((eb) => [eb.fn.countAll<string>().as('total'), eb.fn.count<string>('y.seq').as('equal')])
      .executeTakeFirstOrThrow();
    return Number(row.total) === chunks && Number(row.equal) === chunks;
  }

  async touch(sha256: string): Promise<boolean> {
    const touched = await this.db
      .updateTable('omega_blob')
      .set({ created: new Date().toISOString() })
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return touched.numUpdatedRows > 0n;
  }

  /**
   * Removes unreferenced blobs (row and chunks, in one transaction that checks the row is still
   * the old one: a blob written again meanwhile is kept) and the chunks of uploads that no blob
   * points at, when every chunk of the upload is older than the cutoff (an upload in progress is not).
   */
  async sweep(plan: SweepPlan): Promise<SweepResult> {
    const result: SweepResult = { blobs: 0, blobBytes: 0, staged: 0, stagedBytes: 0 };
    const cutoff = plan.cutoff.toISOString();
    const candidates = await this.db
      .selectFrom('omega_blob')
      .select(['sha256', 'size', 'upload'])
      .where('created', '<', cutoff)
      .execute();
    for (const blob of candidates) {
      if (plan.referenced(blob.sha256)) continue;
      if (!plan.dryRun && !(await this.removeBlob(blob.sha256, blob.upload, cutoff))) continue;
      result.blobs++;
      result.blobBytes += Number(blob.size);
    }
    const { rows: orphans } = await sql<{ upload: string; bytes: string | number }>`
      select c.upload, sum(octet_length(c.data)) as bytes from omega_blob_chunk c
      where not exists (select 1 from omega_blob b where b.upload = c.upload)
      group by c.upload having max(c.written) < ${plan.cutoff}`.execute(this.db);
    for (const orphan of orphans) {
      if (!plan.dryRun) {
        await sql`delete from omega_blob_chunk where upload = ${orphan.upload}
          and not exists (select 1 from omega_blob b where b.upload = ${orphan.upload})`.execute(this.db);
      }
      result.staged++;
      result.stagedBytes += Number(orphan.bytes);
    }
    return result;
  }

  private removeBlob(sha256: string, upload: string, cutoff: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const removed = await trx
        .deleteFrom('omega_blob')
        .where('sha256', '=', sha256)
        .where('upload', '=', upload)
        .where('created', '<', cutoff)
        .executeTakeFirst();
      if (removed.numDeletedRows === 0n) return false;
      await trx.deleteFrom('omega_blob_chunk').where('upload', '=', upload).execute();
      return true;
    });
  }

  private async uploadOf(sha256: string): Promise<string> {
    const row = await this.db.selectFrom('omega_blob').select('upload').where('sha256', '=', sha256).executeTakeFirst();
    if (!row) throw missing(sha256);
    return row.upload;
  }

  private async discard(upload: string): Promise<void> {
    await this.db.deleteFrom('omega_blob_chunk').where('upload', '=', upload).execute();
  }
}

/** A blob that metadata refers to but that is not in the database: the store is damaged. */
function missing(sha256: string): IntegrityError {
  return new IntegrityError(`blob ${sha256} is missing from the database`);
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
      yield pending.length === 1 ? (pending[0] as Buffer) : Buffer.concat(pending);
      buffer = buffer.subarray(take);
      pending = [];
      pendingSize = 0;
    }
    if (buffer.length > 0) {
      pending.push(buffer);
      pendingSize += buffer.length;
    }
  }
  if (pendingSize > 0) yield Buffer.concat(pending);
}
