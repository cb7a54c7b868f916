import type { EngineName } from './lib/contexts.js';
import type { JsonTarget } from './lib/raw-json.js';
import { type LatencyStats, latencyStats, timeMs } from './lib/timing.js';

export type JsonOp = 'put' | 'get';

export interface JsonResult {
  engine: EngineName;
  op: JsonOp;
  baseline: string;
  raw: LatencyStats;
  omega: LatencyStats;
  /** omegats latency / raw latency: above 1 is slower than the raw engine. */
  ratio: { p50: number; p99: number; mean: number };
}

interface SmallObject {
  id: number;
  name: string;
  score: number;
}

function objects(count: number): SmallObject[] {
  return Array.from({ length: count }, (_, i) => ({ id: i, name: `x${i}`, score: Math.random() }));
}

const nameOf = (i: number) => `json/obj-${String(i).padStart(5, '0')}`;

async function putAll(target: JsonTarget, items: readonly SmallObject[], prefix: string): Promise<number[]> {
  const ms: number[] = [];
  for (const [i, item] of items.entries()) ms.push(await timeMs(() => target.put(`${prefix}${nameOf(i)}`, item)));
  return ms;
}

async function getAll(target: JsonTarget, items: readonly SmallObject[], prefix: string): Promise<number[]> {
  const ms: number[] = [];
  for (const [i, item] of items.entries()) {
    let got: unknown;
    ms.push(
      await timeMs(async () => {
        got = await target.get(`${prefix}${nameOf(i)}`);
      }),
    );
    if ((got as SmallObject | undefined)?.score !== item.score)
      throw new Error(`${target.label}: ${nameOf(i)} differs`);
  }
  return ms;
}

/**
 * Puts `count` small objects one at a time through omegats and the raw baseline, then gets
 * them back one at a time; each target first does `warmup` unmeasured puts and gets.
 */
export async function benchJson(
  engine: EngineName,
  omega: JsonTarget,
  raw: JsonTarget,
  count: number,
  warmup: number,
): Promise<JsonResult[]> {
  const items = objects(count);
  const warm = objects(warmup);
  for (const target of [raw, omega]) {
    await putAll(target, warm, 'warmup/');
    await getAll(target, warm, 'warmup/');
  }
  const rawPut = await putAll(raw, items, '');
  const omegaPut = await putAll(omega, items, '');
  const rawGet = await getAll(raw, items, '');
  const omegaGet = await getAll(omega, items, '');
  return [result(engine, 'put', raw.label, rawPut, omegaPut), result(engine, 'get', raw.label, rawGet, omegaGet)];
}

function result(engine: EngineName, op: JsonOp, baseline: string, rawMs: number[], omegaMs: number[]): JsonResult {
  const raw = latencyStats(rawMs);
  const omega = latencyStats(omegaMs);
  return {
    engine,
    op,
    baseline,
    raw,
    omega,
    ratio: { p50: omega.p50 / raw.p50, p99: omega.p99 / raw.p99, mean: omega.mean / raw.mean },
  };
}
