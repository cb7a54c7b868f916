import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { PREFIX, redisOptions } from './broker.js';

/** A queue and the stream of its job events, as a client that submits and waits uses them. */
export interface QueueChannel {
  readonly queue: Queue;
  readonly events: QueueEvents;
}

/**
 * Opens queue `name` on `redis` and its events from the last one already added: however late the
 * reader's first XREAD, it sees every job end that follows. Errors reach the caller through the
 * commands (the events would only crash the process); every waiter listens for the queue closing.
 */
export async function openQueueChannel(redis: Redis, brokerUrl: string, name: string): Promise<QueueChannel> {
  const [last] = await redis.xrevrange(`${PREFIX}:${name}:events`, '+', '-', 'COUNT', 1);
  const queue = new Queue(name, { connection: redis, prefix: PREFIX });
  const events = new QueueEvents(name, {
    connection: redisOptions(brokerUrl, true),
    prefix: PREFIX,
    lastEventId: last?.[0] ?? '0-0',
  });
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  queue.setMaxListeners(0);
  events.setMaxListeners(0);
  return { queue, events };
}
