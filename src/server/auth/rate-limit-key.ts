import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { keyOfHeader } from './authorization-header.js';

/**
 * What @fastify/rate-limit counts a request against: its API key (a hash of it, so the limiter's
 * store never holds a key), whichever form of the header carries it; without a key, its address.
 */
export function rateLimitKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const key = header === undefined ? undefined : keyOfHeader(header);
  if (key === undefined) return `ip:${request.ip}`;
  return `key:${createHash('sha256').update(key).digest('base64url')}`;
}
