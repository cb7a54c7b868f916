import { hash, randomBytes } from 'node:crypto';

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

/**
 * Whether `secret` hashes to `storedHash`, compared in constant time: every character of the two
 * hex digests is compared, whatever differs first (and what a timing could tell is of a hash, not
 * of the secret). Strings, not Buffers: a Buffer per request, even a pooled one, made every garbage
 * collection of a busy server copy and promote the requests it caught (3× the GC time of auth off).
 */
export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = hash('sha256', secret, 'hex');
  let difference = presented.length ^ storedHash.length;
  for (let i = 0; i < presented.length; i++) difference |= presented.charCodeAt(i) ^ storedHash.charCodeAt(i);
  return difference === 0;
}
