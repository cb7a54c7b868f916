// Direct access to a context's storage, bypassing omegats: for inspecting what a test left
// behind and for damaging stored bytes on purpose. Not a test file itself.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { parseStoreUrl, type StoreLocation } from '../../src/config/urls.js';

export interface MetadataRow {
  kind: string;
  kind_meta: string;
  attributes: string;
  created: string;
  modified: string;
}

export interface RawStore {
  /** Every omega_metadata row of `name` in the default bucket's `data/` store. */
  metadataRows(name: string): Promise<MetadataRow[]>;
  /** Hashes of the blobs that are visible (complete), sorted. */
  blobHashes(): Promise<string[]>;
  /** How many bytes of unfinished uploads lie around (SQLite: files in tmp/, PostgreSQL: orphan chunks). */
  partialBytes(): Promise<number>;
  /** Changes one stored byte of the blob, keeping its size. */
  flipByte(sha256: string, offset: number): Promise<void>;
  /** Removes the blob's bytes altogether. */
  removeBlob(sha256: string): Promise<void>;
  /** Names of the dataset tables in the database, sorted. */
  dataTables(): Promise<string[]>;
  /** Drops a dataset table behind the store's back. */
  dropTable(table: string): Promise<void>;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function rawStore(home: string, store: string): RawStore {
  return rawStoreAt(parseStoreUrl(store, home, 'test'));
}

export function rawStoreAt(location: StoreLocation): RawStore {
  if (location.engine === 'sqlite') return sqliteRaw(location.path);
  return pgRaw(location.url);
}

function sqliteRaw(path: string): RawStore {
  const root = join(dirname(path), `${basename(path, extname(path))}.blobs`);
  const blobPath = (hash: string) => join(root, hash.slice(0, 2), hash);
  const files = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  return {
    async metadataRows(name) {
      const db = new Database(path, { fileMustExist: true });
      try {
        return db
          .prepare(
            `select kind, kind_meta, attributes, created, modified from omega_metadata
             where bucket = 'default' and prefix = 'data/' and name = ?`,
          )
          .all(name) as MetadataRow[];
      } finally {
        db.close();
      }
    },
    async blobHashes() {
      return files(root)
        .filter((dir) => /^[0-9a-f]{2}$/.test(dir))
        .flatMap((dir) => files(join(root, dir)))
        .sort();
    },
    async partialBytes() {
      const tmp = join(root, 'tmp');
      return files(tmp).reduce((sum, file) => sum + statSync(join(tmp, file)).size, 0);
    },
    async flipByte(hash, offset) {
      const bytes = readFileSync(blobPath(hash));
      bytes[offset] = (bytes[offset] as number) ^ 0xff;
      writeFileSync(blobPath(hash), bytes);
    },
    async removeBlob(hash) {
      unlinkSync(blobPath(hash));
    },
    async dataTables() {
      const db = new Database(path, { fileMustExist: true });
      try {
        const rows = db.prepare("select name from sqlite_master where type = 'table' and name like 'omega_t_%'").all();
        return (rows as { name: string }[]).map((row) => row.name).sort();
      } finally {
        db.close();
      }
    },
    async dropTable(table) {
      const db = new Database(path, { fileMustExist: true });
      try {
        db.exec(`drop table "${table}"`);
      } finally {
        db.close();
      }
    },
  };
}

function pgRaw(url: string): RawStore {
  const query = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  return {
    metadataRows(name) {
      return query<MetadataRow>(
        `select kind, kind_meta, attributes, created, modified from omega_metadata
         where bucket = 'default' and prefix = 'data/' and name = $1`,
        [name],
      );
    },
    async blobHashes() {
      const rows = await query<{ sha256: string }>('select sha256 from omega_blob order by sha256');
      return rows.map((row) => row.sha256);
    },
    async partialBytes() {
      const rows = await query<{ bytes: string | null }>(
        `select sum(length(data)) as bytes from omega_blob_chunk c
         where not exists (select 1 from omega_blob b where b.upload = c.upload)`,
      );
      return Number(rows[0]?.bytes ?? 0);
    },
    async flipByte(hash, offset) {
      const seq = Math.floor(offset / (1024 * 1024));
      const at = offset % (1024 * 1024);
      const rows = await query(
        `update omega_blob_chunk c set data = set_byte(c.data, $3, 255 - get_byte(c.data, $3))
         from omega_blob b where b.sha256 = $1 and c.upload = b.upload and c.seq = $2 returning c.seq`,
        [hash, seq, at],
      );
      if (rows.length !== 1) throw new Error(`no chunk ${seq} of blob ${hash} to corrupt`);
    },
    async removeBlob(hash) {
      await query('delete from omega_blob_chunk c using omega_blob b where b.sha256 = $1 and c.upload = b.upload', [
        hash,
      ]);
      await query('delete from omega_blob where sha256 = $1', [hash]);
    },
    async dataTables() {
      const rows = await query<{ name: string }>(
        "select tablename as name from pg_tables where tablename like 'omega_t_%'",
      );
      return rows.map((row) => row.name).sort();
    },
    async dropTable(table) {
      await query(`drop table "${table}"`);
    },
  };
}
