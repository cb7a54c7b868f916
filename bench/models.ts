import { isDeepStrictEqual } from 'node:util';
import { estimatorFor } from '../src/models/mljs/index.js';
import type { Omega } from '../src/omega.js';
import type { EngineName } from './lib/contexts.js';
import { forestRows, RandomForestClassifier } from './lib/forest.js';
import { collectGarbage } from './lib/memory.js';
import { type LatencyStats, latencyStats, median, timeMs } from './lib/timing.js';

export type ModelOp = 'put' | 'get';

export interface ModelStoreResult {
  engine: EngineName;
  op: ModelOp;
  /** The serialisation floor measured beside it, in the same loop. */
  floorOp: string;
  omega: LatencyStats;
  floor: LatencyStats;
  /** omegats p50 / floor p50: how much more than the bare JSON round trip the store costs. */
  ratio: number;
  /** The model's blob (kindMeta.size) and the library's own JSON, in bytes. */
  storedBytes: number;
  jsonBytes: number;
  /** Versions after the measured puts (one per put expected), and whether a same-bytes put added one. */
  versions: number;
  samePutAddsVersion: boolean;
}

type Side = 'omega' | 'floor';
type Samples = Record<Side, number[]>;

const MODEL = 'bench/forest';
const WARMUP = 3;
/** Rows of the restored model checked against the original. */
const CHECK_ROWS = 200;

/**
 * `om.models.put(forest, name)` then `get(name)`, `repeat` times after WARMUP unmeasured rounds,
 * beside the floor `JSON.stringify(forest.toJSON())` / `RandomForestClassifier.load(JSON.parse(…))`,
 * alternating which goes first. Each put stores different bytes: the forest's `seed` option (kept
 * in its JSON, unused once trained) changes before each, so every put writes a new blob and version.
 */
export async function benchModelStore(
  engine: EngineName,
  om: Omega,
  forest: RandomForestClassifier,
  repeat: number,
): Promise<ModelStoreResult[]> {
  const seed = forest.seed;
  const samples: Record<ModelOp, Samples> = { put: { omega: [], floor: [] }, get: { omega: [], floor: [] } };
  let storedBytes = 0;
  let json = '';
  let got: unknown;
  const ops: Record<ModelOp, Record<Side, () => Promise<unknown> | unknown>> = {
    put: {
      omega: async () => {
        storedBytes = Number((await om.models.put(forest, MODEL)).kindMeta.size);
      },
      floor: () => {
        json = JSON.stringify(forest.toJSON());
      },
    },
    get: {
      omega: async () => {
        got = await om.models.get(MODEL);
      },
      floor: () => {
        got = RandomForestClassifier.load(JSON.parse(json));
      },
    },
  };
  try {
    for (let round = 0; round < WARMUP + repeat; round++) {
      forest.seed = (seed ?? 0) + 1 + round;
      const sides: readonly Side[] = round % 2 === 0 ? ['floor', 'omega'] : ['omega', 'floor'];
      for (const op of ['put', 'get'] as const) {
        for (const side of sides) {
          // A full GC first: no operation pays for the garbage of the one before.
          collectGarbage();
          const ms = await timeMs(ops[op][side]);
          if (round >= WARMUP) samples[op][side].push(ms);
          if (op === 'get' && !(got instanceof RandomForestClassifier))
            throw new Error(`${engine} ${side} get: no forest`);
        }
      }
    }
    const versions = (await om.models.revisions(MODEL)).length;
    if (versions !== WARMUP + repeat) throw new Error(`${engine}: ${versions} versions after ${WARMUP + repeat} puts`);
    await om.models.put(forest, MODEL);
    const samePutAddsVersion = (await om.models.revisions(MODEL)).length !== versions;
    checkRestored(engine, forest, await om.models.get(MODEL));
    const common = { engine, storedBytes, jsonBytes: Buffer.byteLength(json), versions, samePutAddsVersion };
    return [
      result('put', 'JSON.stringify(model.toJSON())', samples.put, common),
      result('get', 'RandomForestClassifier.load(JSON.parse(json))', samples.get, common),
    ];
  } finally {
    forest.seed = seed;
    await om.models.drop(MODEL, { force: true });
  }
}

type Common = Pick<ModelStoreResult, 'engine' | 'storedBytes' | 'jsonBytes' | 'versions' | 'samePutAddsVersion'>;

function result(op: ModelOp, floorOp: string, ms: Samples, common: Common): ModelStoreResult {
  const omega = latencyStats(ms.omega);
  const floor = latencyStats(ms.floor);
  return { ...common, op, floorOp, omega, floor, ratio: omega.p50 / floor.p50 };
}

/** The model got back must predict as the one put. */
function checkRestored(engine: EngineName, forest: RandomForestClassifier, got: unknown): void {
  if (!(got instanceof RandomForestClassifier)) throw new Error(`${engine}: get returned no RandomForestClassifier`);
  const { X } = forestRows(CHECK_ROWS, 7);
  if (!isDeepStrictEqual(got.predict(X), forest.predict(X)))
    throw new Error(`${engine}: restored forest predicts otherwise`);
}

export interface PredictResult {
  rows: number;
  batch: number;
  /** One sample per run over all rows, in milliseconds. */
  adapterMs: number[];
  directMs: number[];
  /** Median throughputs in rows/s, and adapter / direct (target ≥ PREDICT_TARGET). */
  adapterRowsPerSec: number;
  directRowsPerSec: number;
  ratio: number;
  target: number;
}

const PREDICT_TARGET = 0.9;
const PREDICT_BATCH = 1_000;
const PREDICT_RUNS = 7;

/**
 * Predicts `rows` rows in batches through `estimatorFor(forest).predict(X)` and straight through
 * `forest.predict(X)`, PREDICT_RUNS times each after one unmeasured run, alternating which goes
 * first; checks both give the same predictions.
 */
export async function benchPredict(forest: RandomForestClassifier, rows: number): Promise<PredictResult> {
  const { X } = forestRows(rows, 1234);
  const batches: number[][][] = [];
  for (let at = 0; at < X.length; at += PREDICT_BATCH) batches.push(X.slice(at, at + PREDICT_BATCH));
  const estimator = estimatorFor(forest);
  const adapter = async () => {
    const out: unknown[] = [];
    for (const batch of batches) out.push(...(await estimator.predict(batch)));
    return out;
  };
  const direct = async () => {
    const out: unknown[] = [];
    for (const batch of batches) out.push(...forest.predict(batch));
    return out;
  };
  if (!isDeepStrictEqual(await adapter(), await direct())) throw new Error('the adapter predicts otherwise');
  const samples = { adapter: [] as number[], direct: [] as number[] };
  for (let run = 0; run < PREDICT_RUNS; run++) {
    const order = run % 2 === 0 ? (['direct', 'adapter'] as const) : (['adapter', 'direct'] as const);
    for (const side of order) {
      collectGarbage();
      samples[side].push(await timeMs(side === 'adapter' ? adapter : direct));
    }
  }
  const adapterRowsPerSec = rows / (median(samples.adapter) / 1000);
  const directRowsPerSec = rows / (median(samples.direct) / 1000);
  return {
    rows,
    batch: PREDICT_BATCH,
    adapterMs: samples.adapter,
    directMs: samples.direct,
    adapterRowsPerSec,
    directRowsPerSec,
    ratio: adapterRowsPerSec / directRowsPerSec,
    target: PREDICT_TARGET,
  };
}
