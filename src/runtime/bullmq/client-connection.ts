import { Redis } from 'ioredis';
import { brokerUnavailable, redisOptions } from './broker.js';

/**
 * A client's one connection to its context's broker, for every queue and omegats's own keys,
 * opened on first use; Redis failures reach the caller as an UnavailableError naming the broker
 * (without its password).
 */
export class ClientConnection {
  private connection: Redis | undefined;

  constructor(
    private readonly brokerUrl: string,
    private readonly context: string,
  ) {}

  redis(): Redis {
    if (!this.connection) {
      this.connection = new Redis(redisOptions(this.brokerUrl, false));
      // Failures reach the caller through the commands; the event would only crash the process.
      this.connection.on('error', () => undefined);
    }
    return this.connection;
  }

  /** `pending`, its Redis errors turned into an UnavailableError naming the broker. */
  async reachable<T>(pending: Promise<T>): Promise<T> {
    try {
      return await pending;
    } catch (error) {
      throw brokerUnavailable(this.brokerUrl, this.context, error);
    }
  }

  async close(): Promise<void> {
    await this.connection?.quit();
    this.connection = undefined;
  }
}
