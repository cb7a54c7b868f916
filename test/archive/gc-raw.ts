// Ages what a context's blob store holds and leaves killed uploads in it, behind omegats' back:
// what gc tests need to stage old garbage. Not a test file itself.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import pg from 'pg';
import { parseStoreUrl } from '../../src/config/urls.js';

export interface GcRaw {
  /** Makes every blob and partial upload look `seconds` old. */
  age(seconds: number): Promise<void>;
  /** Leaves the bytes of a killed upload (SQLite: a temp file, PostgreSQL: chunks without a blob). */
  killedUpload(bytes: Buffer): Promise<void>;
}

export function gcRaw(home: string, store: string): GcRaw {
  const location = parseStoreUrl(store, home, 'test');
  if (location.engine === 'sqlite') {
    const root = join(dirname(location.path), `${basename(location.path, extname(location.path))}.blobs`);
    const walk = (dir: string): string[] =>
      existsSync(dir)
        ? readdirSync(dir).flatMap((name) => {
            const path = join(dir, name);
            return statSync(path).isDirectory() ? walk(path) : [path];
          })
        : [];
    return {
      async age(seconds) {
        const then = new Date(Date.now() - seconds * 1000);
        for (const file of walk(root)) utimesSync(file, then, then);
      },
      async killedUpload(bytes) {
        mkdirSync(join(root, 'tmp'), { recursive: true });
        writeFileSync(join(root, 'tmp', randomUUID()), bytes);
      },
    };
  }
  const query = async (text: string, values: unknown[] = []): Promise<void> => {
    const client = new pg.Client({ connectionString: location.url });
    await client.connect();
    try {
      await client.query(text, values);
    } finally {
      await client.end();
    }
  };
  return {
    async age(seconds) {
      const then = new Date(Date.now() - seconds * 1000);
      await query('update omega_blob set created = $1', [then.toISOString()]);
      await query('update omega_blob_chunk set written = $1', [then]);
    },
    async killedUpload(bytes) {
      await query('insert into omega_blob_chunk (upload, seq, data) values ($1, 0, $2)', [randomUUID(), bytes]);
    },
  };
}
