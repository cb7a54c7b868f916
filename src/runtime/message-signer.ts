import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '../errors.js';
import type { SecretTable } from '../storage/schema.js';
import { RUNTIME_SECRET, type SecretRepository } from '../storage/secret-repository.js';
import type { TaskMessage } from './message.js';

/** A client re-reads the key this often, so that it signs with a rotated key soon after the rotation. */
const SIGNING_KEY_TTL_MS = 60_000;
/** After a rotation, messages signed with the previous key are still accepted this long (clients catch up). */
const ROTATION_GRACE_MS = 5 * 60_000;
/** A worker re-reads the key on a signature mismatch at most this often: a flood of forged messages waits for one query a second. */
const REREAD_INTERVAL_MS = 1_000;

interface Keys {
  current: Buffer;
  previous: Buffer | null;
  rotatedAt: number;
  readAt: number;
}

/**
 * Signs and checks the task messages of one context with its runtime secret (HMAC-SHA256 over the
 * message's JSON without `sig`). The key is read from the context's database and kept: only the
 * store's holders can sign, and no task pays for a query.
 */
export class MessageSigner {
  private keys: Keys | undefined;
  private reading: Promise<Keys> | undefined;
  private rereading: Promise<Keys> | undefined;

  constructor(private readonly secrets: SecretRepository) {}

  /** The signature of a checked message (the executor's parsed copy, which the worker parses the same way). */
  async sign(message: TaskMessage): Promise<string> {
    const keys = this.keys && Date.now() - this.keys.readAt < SIGNING_KEY_TTL_MS ? this.keys : await this.read();
    return hmac(keys.current, message);
  }

  /**
   * Refuses (ValidationError, with the reason) a message that is unsigned or signed with another
   * key; a mismatch re-reads the key once, in case it was rotated.
   */
  async verify(message: TaskMessage): Promise<void> {
    const { sig, ...signed } = message;
    if (sig === undefined) {
      throw new ValidationError(
        `refused: the task message is not signed (context ${message.context} accepts only messages signed with its runtime secret)`,
      );
    }
    const given = Buffer.from(sig, 'hex');
    if (matches(this.keys ?? (await this.read()), signed, given)) return;
    if (matches(await this.reread(), signed, given)) return;
    throw new ValidationError(
      `refused: the task message's signature does not match context ${message.context}'s runtime secret (forged, or signed with a key rotated out)`,
    );
  }

  /** A new key, used at once by this process; other processes pick it up (the previous key stays valid for a while). */
  async rotate(): Promise<void> {
    this.keys = toKeys(await this.secrets.rotate(RUNTIME_SECRET));
  }

  /** The key read again, but not sooner than REREAD_INTERVAL_MS after the last read; one read for every waiter. */
  private reread(): Promise<Keys> {
    const wait = REREAD_INTERVAL_MS - (Date.now() - (this.keys?.readAt ?? 0));
    this.rereading ??= new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)))
      .then(() => this.read())
      .finally(() => {
        this.rereading = undefined;
      });
    return this.rereading;
  }

  private read(): Promise<Keys> {
    this.reading ??= this.secrets
      .read(RUNTIME_SECRET)
      .then((row) => {
        this.keys = toKeys(row);
        return this.keys;
      })
      .finally(() => {
        this.reading = undefined;
      });
    return this.reading;
  }
}

function toKeys(row: SecretTable): Keys {
  return {
    current: Buffer.from(row.value, 'hex'),
    previous: row.previous === null ? null : Buffer.from(row.previous, 'hex'),
    rotatedAt: Date.parse(row.rotated),
    readAt: Date.now(),
  };
}

function hmac(key: Buffer, message: Omit<TaskMessage, 'sig'>): string {
  return createHmac('sha256', key).update(JSON.stringify(message)).digest('hex');
}

function matches(keys: Keys, message: Omit<TaskMessage, 'sig'>, given: Buffer): boolean {
  const valid = (key: Buffer | null) => key !== null && timingSafeEqual(Buffer.from(hmac(key, message), 'hex'), given);
  if (given.length !== 32) return false;
  return valid(keys.current) || (Date.now() - keys.rotatedAt < ROTATION_GRACE_MS && valid(keys.previous));
}
