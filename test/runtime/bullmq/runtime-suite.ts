import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Omega } from '../../../src/omega.js';
import { setup } from '../../../src/setup.js';
import { type EngineName, PG_URL, type TestSite, testSite } from '../../helpers/engines.js';
import { type WorkerOptions, WorkerProcess } from './worker-process.js';

/** The Redis server of the runtime tests, e.g. redis://127.0.0.1:6379/0. */
export const REDIS_URL = process.env.OMEGA_TEST_REDIS_URL;

if (!REDIS_URL) {
  if (process.env.CI) throw new Error('OMEGA_TEST_REDIS_URL must be set in CI: BullMQ runtime tests never skip there');
  console.warn('# NOTICE: OMEGA_TEST_REDIS_URL is not set; the BullMQ runtime tests are SKIPPED');
}

/**
 * `describe(name, SUITE_OPTIONS, …)`: skipped without Redis; a suite that hangs (a task nobody
 * finishes) fails after three minutes instead of blocking the run.
 */
export const SUITE_OPTIONS = {
  skip: REDIS_URL ? false : 'OMEGA_TEST_REDIS_URL is not set',
  timeout: 180_000,
};

/** Where BullMQ and ioredis find the test Redis. */
export function redisConnection(): { host: string; port: number; db: number } {
  const url = new URL(REDIS_URL as string);
  return { host: url.hostname, port: Number(url.port || 6379), db: Number(url.pathname.slice(1) || 0) };
}

export type WorkerStart = Omit<WorkerOptions, 'contexts'> & {
  /** Keys of the suite's contexts to serve (default: all of them). */
  contexts?: string[];
};

/** A home whose config.yml defines the suite's contexts, each with its own store and the test broker. */
export interface RuntimeSuite {
  home: string;
  /** The context name of `key`: the key plus the suite's random suffix, so files never share queues. */
  name(key: string): string;
  /** The suite's handle on a context (the first one when `key` is omitted). */
  om(key?: string): Omega;
  /** One more handle on a context, closed with the suite. */
  open(key: string): Promise<Omega>;
  /** Starts `om worker` on this home, ended (SIGTERM, then SIGKILL) with the suite. */
  startWorker(options?: WorkerStart): Promise<WorkerProcess>;
}

/**
 * Sets up a runtime suite: `contexts` maps keys to engines (postgres falls back to sqlite
 * locally when OMEGA_TEST_PG_URL is not set). Call inside a `describe` with SUITE_OPTIONS.
 * After the suite: workers end, handles close, the contexts' queues and stores are removed.
 */
export function runtimeSuite(
  contexts: Record<string, EngineName>,
  prepare?: (suite: RuntimeSuite) => Promise<void>,
): RuntimeSuite {
  const suffix = randomBytes(4).toString('hex');
  const keys = Object.keys(contexts);
  const sites = new Map<EngineName, TestSite>();
  const site = (engine: EngineName): TestSite => {
    const existing = sites.get(engine);
    if (existing) return existing;
    const created = testSite(engine);
    sites.set(engine, created);
    return created;
  };
  const handles = new Map<string, Omega>();
  const extra: Omega[] = [];
  const workers: WorkerProcess[] = [];
  const name = (key: string): string => {
    if (!keys.includes(key)) throw new Error(`the suite has no context ${key} (it has ${keys.join(', ')})`);
    return `${key}_${suffix}`;
  };

  const suite: RuntimeSuite = {
    home: '',
    name,
    om(key = keys[0] as string) {
      const om = handles.get(key);
      if (!om) throw new Error(`context ${key} is not open: the suite's before hook has not run`);
      return om;
    },
    async open(key) {
      const om = await setup({ context: name(key), home: suite.home });
      extra.push(om);
      return om;
    },
    async startWorker(options = {}) {
      const worker = await WorkerProcess.start(suite.home, {
        ...options,
        contexts: (options.contexts ?? keys).map(name),
      });
      workers.push(worker);
      return worker;
    },
  };

  before(async () => {
    // SQLite stores are relative to the home, so every context lives under the sqlite site's.
    suite.home = site('sqlite').home;
    const lines = ['contexts:'];
    for (const [key, engine] of Object.entries(contexts)) {
      const store = site(engine === 'postgres' && PG_URL ? 'postgres' : 'sqlite').storeUrl();
      lines.push(`  ${name(key)}:`, `    store: ${store}`, `    broker: ${REDIS_URL}`);
    }
    writeFileSync(join(suite.home, 'config.yml'), `${lines.join('\n')}\n`);
    for (const key of keys) handles.set(key, await setup({ context: name(key), home: suite.home }));
    await prepare?.(suite);
  });

  after(async () => {
    await Promise.all(workers.map((worker) => worker.end()));
    await Promise.all([...handles.values(), ...extra].map((om) => om.close()));
    await removeQueues(keys.map(name));
    await Promise.all([...sites.values()].map((s) => s.cleanup()));
  });

  return suite;
}

/** Obliterates every queue of the contexts (`omega:labels:<context>` lists their labels) and their flows queues. */
async function removeQueues(contexts: string[]): Promise<void> {
  const redis = new Redis({ ...redisConnection(), maxRetriesPerRequest: 2 });
  try {
    for (const context of contexts) {
      const labelsKey = `omega:labels:${context}`;
      // Every label's queue, and the context's flows queue (`.flows`, see broker.ts).
      for (const label of [...(await redis.smembers(labelsKey)), '.flows']) {
        const queue = new Queue(`${context}/${label}`, { connection: redisConnection(), prefix: 'omega' });
        await queue.obliterate({ force: true });
        await queue.close();
      }
      await redis.del(labelsKey);
    }
  } finally {
    await redis.quit();
  }
}
