import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE, problem } from './problem.js';

/**
 * Answers a request Node's HTTP parser refused before Fastify saw it (headers or URL over Node's
 * 16 KiB limit, a malformed request line) with a problem+json, as every other error is answered.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return;
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const detail = tooLarge
    ? 'the request line and headers are larger than 16 KiB (a URL with too many filters?)'
    : 'the request is not well-formed HTTP';
  const body = JSON.stringify(problem(status, detail, 'OMEGA_INVALID'));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
