import type { Redis } from 'ioredis';
import type { WorkerInfo } from '../runtime-status.js';
import { labelsKey, WORKER_KEYS, workerKey } from './broker.js';

/** A worker renews its entry this often; it disappears three beats after the worker stops. */
export const HEARTBEAT_MS = 5_000;

/**
 * Keeps a worker's description alive in Redis while the worker runs, and its labels in the
 * labels of its contexts (`status` lists them), also after the broker restarted empty.
 */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly info: Omit<WorkerInfo, 'heartbeat'>,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(() => undefined), HEARTBEAT_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.redis.del(workerKey(this.info.id)).catch(() => undefined);
  }

  async beat(): Promise<void> {
    const info: WorkerInfo = { ...this.info, heartbeat: new Date().toISOString() };
    const batch = this.redis.multi().set(workerKey(this.info.id), JSON.stringify(info), 'PX', 3 * HEARTBEAT_MS);
    for (const context of this.info.contexts) batch.sadd(labelsKey(context), ...this.info.labels);
    await batch.exec();
  }
}

/** The workers whose heartbeat is alive on this broker, by id. */
export async function liveWorkers(redis: Redis): Promise<WorkerInfo[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', WORKER_KEYS, 'COUNT', 500);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  if (keys.length === 0) return [];
  const values = await redis.mget(keys);
  return values
    .flatMap((value) => (value === null ? [] : [JSON.parse(value) as WorkerInfo]))
    .sort((a, b) => a.id.localeCompare(b.id));
}
