import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * An API key as its holder sees it: `omk_<id>_<secret>`. The id is public (listing, audit log,
 * the lookup); only the sha256 of the 256-bit secret is stored, compared in constant time.
 */
const KEY_FORMAT = /^omk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

/** The parts of a key: its public id and its secret. */
export interface KeyParts {
  readonly id: string;
  readonly secret: string;
}

/** A new key's parts, from the system's secure random source. */
export function newKeyParts(): KeyParts {
  return { id: randomBytes(8).toString('hex'), secret: randomBytes(32).toString('base64url') };
}

/** The key its holder sends. */
export function formatKey(parts: KeyParts): string {
  return `omk_${parts.id}_${parts.secret}`;
}

/** The parts of `text`, or undefined when it is not shaped like a key. */
export function parseKey(text: string): KeyParts | undefined {
  const match = KEY_FORMAT.exec(text);
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined;
}

/** What is stored of a secret: its sha256, hex. */
export function secretHash(secret: string): string {
  return hash('sha256', secret, 'hex');
}

/** Whether `secret` hashes to `storedHash`, compared in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  // Hex, then Buffer.from: a small Buffer comes from the shared pool, where a hash's own Buffer
  // would be a native allocation per request (most of the cost of auth under load, in the GC).
  const presented = Buffer.from(hash('sha256', secret, 'hex'), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return stored.length === presented.length && timingSafeEqual(presented, stored);
}
