import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { ValidationError } from '../../errors.js';

/**
 * The bytes of a streamed request body as they arrive. A body that stops short (the client
 * went away, the connection reset) is a ValidationError. A reader that stops early leaves the
 * stream to its owner: it is not destroyed, so that the response can still be sent.
 */
export async function* requestBytes(body: Readable): AsyncGenerator<Buffer> {
  let received = 0;
  const cutOff = (cause?: unknown) =>
    new ValidationError(`the request body was cut off after ${received} bytes`, cause ? { cause } : undefined);
  try {
    for await (const chunk of body.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
      received += chunk.length;
      yield chunk;
    }
  } catch (error) {
    throw cutOff(error);
  }
  if ('complete' in body && !(body as IncomingMessage).complete) throw cutOff();
}
