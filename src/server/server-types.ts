import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Omega } from '../omega.js';
import type { Authorizer, Caller } from './auth/authorizer.js';
import type { ServedContexts } from './served-contexts.js';
import type { TaskBook } from './task-book.js';

/** The Fastify instance `createServer` returns: route schemas are zod schemas. */
export type OmegaServer = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    /** The contexts this server serves, opened once. */
    served: ServedContexts;
    /** Decides whether a request's key may act on a bucket (`noAuth` when auth is off). */
    authorizer: Authorizer;
    /** The async tasks this server submitted. */
    tasks: TaskBook;
  }
  interface FastifyRequest {
    /** The bucket handle `requestScope` resolved; null before it ran. */
    omega: Omega | null;
    /** Who made the request, once `requestScope` ran; null when auth is off. */
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** The route mutates: one audit row is written per request (a function: for the requests it says). */
    audit?: boolean | ((request: FastifyRequest) => boolean);
  }
}
