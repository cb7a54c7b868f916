import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import type { Row, RowChunks } from '../../../src/datasets/types.js';

/** A temporary folder for this test file, removed after its tests. */
export function tempFolder(): { path(name: string): string; write(name: string, text: string): string } {
  const dir = mkdtempSync(join(tmpdir(), 'omegats-io-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    path: (name) => join(dir, name),
    write(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
  };
}

/** Every chunk of `rows`. */
export async function chunksOf(rows: RowChunks): Promise<Row[][]> {
  const chunks: Row[][] = [];
  for await (const chunk of rows.chunks) chunks.push(chunk);
  return chunks;
}

/** Every row of `rows`. */
export async function rowsOf(rows: RowChunks): Promise<Row[]> {
  return (await chunksOf(rows)).flat();
}

/** `rows` as chunks of `size`. */
export async function* inChunks(rows: readonly Row[], size: number): AsyncGenerator<Row[]> {
  for (let start = 0; start < rows.length; start += size) yield rows.slice(start, start + size);
}
