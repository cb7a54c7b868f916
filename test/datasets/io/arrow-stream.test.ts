import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tableFromIPC } from 'apache-arrow';
import { readArrowStream } from '../../../src/datasets/io/read-arrow-stream.js';
import { writeArrowStream } from '../../../src/datasets/io/write-arrow-stream.js';
import type { Column, Row } from '../../../src/datasets/types.js';
import { ValidationError } from '../../../src/errors.js';

const COLUMNS: Column[] = [
  { name: 'i', type: 'integer' },
  { name: 'b', type: 'bigint' },
  { name: 'f', type: 'float' },
  { name: 't', type: 'text' },
  { name: 'ok', type: 'boolean' },
  { name: 'at', type: 'timestamp' },
  { name: 'j', type: 'json' },
];

const ROWS: Row[] = [
  { i: -1, b: 2n ** 62n, f: 1.5, t: 'grüße', ok: true, at: new Date('1969-12-31T23:59:59.999Z'), j: { k: [1] } },
  { i: null, b: null, f: null, t: null, ok: null, at: null, j: null },
  { i: 2 ** 53 - 1, b: -(2n ** 63n), f: -Infinity, t: '', ok: false, at: new Date('2026-01-01T00:00:00Z'), j: 'x' },
  { i: -(2 ** 53 - 1), b: 0n, f: 0, t: 'plain', ok: true, at: new Date(0), j: [1, 2] },
];

async function arrowBytes(chunks: Row[][]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const output = {
    write: async (data: string | Uint8Array) => {
      parts.push(Buffer.from(data));
    },
    commit: async () => undefined,
    abort: async () => undefined,
  };
  await writeArrowStream(
    (async function* () {
      yield* chunks;
    })(),
    COLUMNS,
    output,
  );
  return Buffer.concat(parts);
}

async function* pieces(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe('Arrow IPC streams', () => {
  it('writes every column type exactly, nulls included, one batch per chunk', async () => {
    const bytes = await arrowBytes([ROWS.slice(0, 2), [], ROWS.slice(2)]);
    const table = tableFromIPC(bytes);
    assert.equal(table.batches.length, 2);
    assert.deepEqual(
      Array.from({ length: 4 }, (_, r) => table.getChild('i')?.get(r)),
      [-1n, null, 2n ** 53n - 1n, -(2n ** 53n - 1n)],
    );
    assert.deepEqual(table.getChild('b')?.get(2), -(2n ** 63n));
    assert.deepEqual(table.getChild('t')?.toArray(), ['grüße', null, '', 'plain']);
    assert.deepEqual(
      Array.from({ length: 4 }, (_, r) => table.getChild('ok')?.get(r)),
      [true, null, false, true],
    );
    assert.equal(table.getChild('at')?.get(0), -1);
    assert.equal(table.getChild('j')?.get(0), '{"k":[1]}');
    assert.equal(table.getChild('f')?.get(2), -Infinity);
  });

  it('reads its own stream back, as it arrives in small pieces', async () => {
    const source = await readArrowStream(pieces(await arrowBytes([ROWS.slice(0, 3), ROWS.slice(3)]), 7), {
      source: 'the body',
      chunkSize: 2,
    });
    assert.deepEqual(
      source.columns?.map((c) => c.type),
      ['integer', 'bigint', 'float', 'text', 'boolean', 'timestamp', 'text'],
    );
    const rows: Row[] = [];
    for await (const chunk of source.chunks) rows.push(...chunk);
    assert.deepEqual(
      rows,
      ROWS.map((row) => ({ ...row, j: row.j === null ? null : JSON.stringify(row.j) })),
    );
  });

  it('refuses a stream without its end marker, or with a bigger integer after the first batch', async () => {
    const bytes = await arrowBytes([ROWS.slice(0, 1), ROWS.slice(3)]);
    const read = async (input: Buffer) => {
      const source = await readArrowStream(pieces(input, 64), { source: 'the body', chunkSize: 10 });
      for await (const _chunk of source.chunks);
    };
    await assert.rejects(read(bytes.subarray(0, bytes.length - 8)), /the body was cut off/);
    await read(bytes);
    const widened = await arrowBytes([[{ ...ROWS[3], b: 1n }], [{ ...ROWS[3], b: 2n ** 60n }]]);
    await assert.rejects(
      read(widened),
      (error: unknown) =>
        error instanceof ValidationError && /integers beyond 2\^53 after its first batch/.test(error.message),
    );
  });
});
