import type { Redis } from 'ioredis';
import { z } from 'zod';
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

/** The entries of the workers whose heartbeat is alive, and those that are not worker entries. */
export interface WorkerEntries {
  /** Sorted by id. */
  workers: WorkerInfo[];
  /** `<key>: <what is wrong>` for each entry that is not JSON or not a worker's description. */
  malformed: string[];
}

const WorkerInfoSchema = z.object({
  id: z.string(),
  host: z.string(),
  pid: z.number(),
  labels: z.array(z.string()),
  contexts: z.array(z.string()),
  concurrency: z.number(),
  started: z.string(),
  heartbeat: z.string(),
});

/** The workers whose heartbeat is alive on this broker; an entry anyone else wrote is skipped and reported. */
export async function liveWorkers(redis: Redis): Promise<WorkerEntries> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', WORKER_KEYS, 'COUNT', 500);
    keys.push(...found);
    cursor = next;
  } while (cursor !== '0');
  const entries: WorkerEntries = { workers: [], malformed: [] };
  if (keys.length === 0) return entries;
  // An entry that is not a string (a hash, a list) reads as an error rather than failing the batch.
  const values = await keys.reduce((batch, key) => batch.get(key), redis.pipeline()).exec();
  keys.forEach((key, index) => {
    const [error, value] = values?.[index] ?? [null, null];
    if (value === null && error === null) return; // expired since the scan
    const parsed = error ? { problem: 'not a string value' } : workerInfo(value as string);
    if ('problem' in parsed) entries.malformed.push(`${key}: ${parsed.problem}`);
    else entries.workers.push(parsed);
  });
  entries.workers.sort((a, b) => a.id.localeCompare(b.id));
  entries.malformed.sort();
  return entries;
}

function workerInfo(text: string): WorkerInfo | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = WorkerInfoSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  return { problem: `not a worker description (${issue?.path.join('.') || 'value'}: ${issue?.message})` };
}
