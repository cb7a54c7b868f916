import { createHash, randomBytes } from 'node:crypto';
import type { EngineName } from './lib/contexts.js';
import type { ByteTarget } from './lib/raw-file.js';
import { mbPerSecond, median, timeMs } from './lib/timing.js';

export type FileOp = 'put' | 'get' | 'get stream';

const OP_NAMES = { put: 'write', get: 'read', 'get stream': 'stream' } as const;

export interface FileResult {
  engine: EngineName;
  op: FileOp;
  baseline: string;
  bytes: number;
  /** One sample per repetition, in milliseconds. */
  rawMs: number[];
  omegaMs: number[];
  /** Median throughputs in MB/s (2^20 bytes). */
  rawMBps: number;
  omegaMBps: number;
  /** omegaMBps / rawMBps: above 1 is faster than the raw engine. */
  ratio: number;
}

/** Random bytes shared by every target; `stamp` makes each repetition's content (and hash) new. */
export function filePayload(bytes: number): Buffer {
  return randomBytes(bytes);
}

function stamp(payload: Buffer, engine: EngineName, rep: number): void {
  payload.write(`${engine}:${rep}:`.padEnd(32, '.'), 0, 'latin1');
}

/**
 * Writes and reads `payload` `repeat` times through omegats and the raw baseline, alternating
 * which goes first, after an unmeasured 4 MB warm-up of both.
 */
export async function benchFile(
  engine: EngineName,
  omega: ByteTarget,
  raw: ByteTarget,
  payload: Buffer,
  repeat: number,
): Promise<FileResult[]> {
  const warm = payload.subarray(0, Math.min(payload.length, 4 * 1024 * 1024));
  for (const target of [raw, omega]) {
    await target.write('warmup', warm);
    await target.read('warmup');
    await target.stream('warmup');
  }
  const samples: Record<FileOp, { raw: number[]; omega: number[] }> = {
    put: { raw: [], omega: [] },
    get: { raw: [], omega: [] },
    'get stream': { raw: [], omega: [] },
  };
  for (let rep = 0; rep < repeat; rep++) {
    stamp(payload, engine, rep);
    const name = `file-${rep}`;
    const order: ['raw' | 'omega', ByteTarget][] = [
      ['raw', raw],
      ['omega', omega],
    ];
    if (rep % 2 === 1) order.reverse();
    for (const [side, target] of order) samples.put[side].push(await timeMs(() => target.write(name, payload)));
    for (const [side, target] of order) {
      let got: Buffer | undefined;
      samples.get[side].push(
        await timeMs(async () => {
          got = await target.read(name);
        }),
      );
      if (!got?.equals(payload)) throw new Error(`${engine} ${target.label}: bytes read back differ`);
    }
    for (const [side, target] of order) {
      let size = 0;
      samples['get stream'][side].push(
        await timeMs(async () => {
          size = await target.stream(name);
        }),
      );
      if (size !== payload.length) throw new Error(`${engine} ${target.label}: streamed ${size} bytes`);
    }
  }
  return (Object.keys(samples) as FileOp[]).map((op) => {
    const { raw: rawMs, omega: omegaMs } = samples[op];
    const rawMBps = mbPerSecond(payload.length, median(rawMs));
    const omegaMBps = mbPerSecond(payload.length, median(omegaMs));
    return {
      engine,
      op,
      baseline: raw.ops[OP_NAMES[op]],
      bytes: payload.length,
      rawMs,
      omegaMs,
      rawMBps,
      omegaMBps,
      ratio: omegaMBps / rawMBps,
    };
  });
}

/** SHA-256 throughput of this machine (MB/s), for reading the file ratios: omegats hashes every byte. */
export async function sha256MBps(payload: Buffer): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < 3; i++) ms.push(await timeMs(() => createHash('sha256').update(payload).digest()));
  return mbPerSecond(payload.length, median(ms));
}
