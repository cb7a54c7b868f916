import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type pg from 'pg';
import { MiB } from './timing.js';

/** Somewhere bytes can be written under a name and read back, whole or as a stream. */
export interface ByteTarget {
  /** What it is, for the report. */
  readonly label: string;
  /** What each operation does, for the report. */
  readonly ops: { readonly write: string; readonly read: string; readonly stream: string };
  write(name: string, bytes: Buffer): Promise<void>;
  read(name: string): Promise<Buffer>;
  /** Reads the bytes as a stream; returns how many arrived. */
  stream(name: string): Promise<number>;
}

export async function drain(stream: Readable): Promise<number> {
  let size = 0;
  for await (const chunk of stream) size += (chunk as Buffer).length;
  return size;
}

/** Raw fs: one file per name in `dir`, written and fsynced, read with readFile / createReadStream. */
export function fsByteTarget(dir: string): ByteTarget {
  const path = (name: string) => join(dir, `raw-${name}.bin`);
  return {
    label: 'fs',
    ops: { write: 'fs write+fsync', read: 'fs readFile', stream: 'fs createReadStream' },
    async write(name, bytes) {
      const handle = await open(path(name), 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    read: (name) => readFile(path(name)),
    stream: (name) => drain(createReadStream(path(name))),
  };
}

const CHUNK = MiB;

/**
 * Raw pg: a bytea table written one 1 MiB chunk per INSERT (autocommit, like omegats' blob
 * store) and read back with one SELECT (or one SELECT per chunk when streaming).
 */
export async function pgByteTarget(pool: pg.Pool): Promise<ByteTarget> {
  await pool.query(
    'create table bench_raw_chunk (name text not null, seq integer not null, data bytea not null, primary key (name, seq))',
  );
  await pool.query('alter table bench_raw_chunk alter column data set storage external');
  return {
    label: 'pg bytea',
    ops: {
      write: 'pg INSERT per 1 MiB chunk',
      read: 'pg one SELECT of all chunks',
      stream: 'pg one SELECT per chunk',
    },
    async write(name, bytes) {
      for (let seq = 0; seq * CHUNK < bytes.length; seq++) {
        const data = bytes.subarray(seq * CHUNK, (seq + 1) * CHUNK);
        await pool.query('insert into bench_raw_chunk (name, seq, data) values ($1, $2, $3)', [name, seq, data]);
      }
    },
    async read(name) {
      const result = await pool.query<{ data: Buffer }>(
        'select data from bench_raw_chunk where name = $1 order by seq',
        [name],
      );
      return Buffer.concat(result.rows.map((row) => row.data));
    },
    async stream(name) {
      let size = 0;
      for (let seq = 0; ; seq++) {
        const result = await pool.query<{ data: Buffer }>(
          'select data from bench_raw_chunk where name = $1 and seq = $2',
          [name, seq],
        );
        const row = result.rows[0];
        if (!row) return size;
        size += row.data.length;
      }
    },
  };
}
