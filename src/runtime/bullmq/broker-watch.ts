import type { Redis } from 'ioredis';
import { redactUrl } from '../../config/urls.js';

/** What a worker tells about its brokers while it serves: one event per change, never a stack. */
export interface BrokerEvents {
  /** The connection to `broker` (password hidden) was lost; the worker keeps trying. */
  brokerLost(broker: string, reason: string): void;
  /** The connection is back; the worker serves again. */
  brokerBack(broker: string): void;
}

/**
 * Watches a worker's connection to one broker and reports each loss and each return once,
 * however many reconnection attempts lie between (ioredis raises an error for every one).
 */
export class BrokerWatch {
  private lost = false;
  private stopped = false;
  private reason = '';

  constructor(redis: Redis, broker: string, events: BrokerEvents, onBack: () => void) {
    const shown = redactUrl(broker);
    redis.on('error', (error: Error) => {
      this.reason = error.message;
    });
    redis.on('close', () => {
      if (this.stopped || this.lost) return;
      this.lost = true;
      events.brokerLost(shown, this.reason || 'connection closed');
    });
    redis.on('ready', () => {
      this.reason = '';
      if (this.stopped || !this.lost) return;
      this.lost = false;
      events.brokerBack(shown);
      onBack();
    });
  }

  /** Whether the broker is unreachable right now. */
  get isLost(): boolean {
    return this.lost;
  }

  /** The worker is closing the connection itself: that is no loss. */
  stop(): void {
    this.stopped = true;
  }
}
