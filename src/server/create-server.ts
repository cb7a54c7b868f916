import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyServerOptions } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { ValidationError } from '../errors.js';
import { addAuditHooks } from './auth/audit-hook.js';
import { type Authorizer, noAuth } from './auth/authorizer.js';
import { keyAuthorizer } from './auth/key-authorizer.js';
import { rateLimitKey } from './auth/rate-limit-key.js';
import { PROBLEM_CONTENT_TYPE, problem, sendProblem } from './problem.js';
import { datasetRoutes } from './routes/datasets.js';
import { jobRoutes } from './routes/jobs.js';
import { listRoutes } from './routes/lists.js';
import { modelRoutes } from './routes/models.js';
import { pingRoutes } from './routes/ping.js';
import { promotionRoutes } from './routes/promotion.js';
import { scriptRoutes } from './routes/scripts.js';
import { taskRoutes } from './routes/tasks.js';
import { v2InferenceRoutes } from './routes/v2-inference.js';
import { type ServedContext, ServedContexts } from './served-contexts.js';
import type { OmegaServer } from './server-types.js';
import { TaskBook } from './task-book.js';

/** What `createServer` serves and how (API.md §10). */
export interface ServerOptions {
  /** The contexts served, the first one the default: names from the config, setup() options or open handles. Default: the default context. */
  contexts?: readonly ServedContext[];
  /** API keys (the default), off (`false`, loopback only: `om serve` checks), or an authorizer of your own. */
  auth?: boolean | Authorizer;
  /** The largest request body accepted, in bytes (larger: 413). Default 16 MiB. */
  bodyLimit?: number;
  /** Requests per minute per key (429 past it); absent: no limit. */
  rateLimit?: number;
  /** Serve HTTPS with this certificate and key (PEM). */
  https?: { cert: string | Buffer; key: string | Buffer };
  /** Fastify's logger option; default off. */
  logger?: FastifyServerOptions['logger'];
  /** The environment contexts given by name are resolved from (OMEGA_HOME, …). Default: process.env. */
  env?: NodeJS.ProcessEnv;
}

export const DEFAULT_BODY_LIMIT = 16 * 1024 * 1024;

/** The route plugins every server registers. */
const ROUTES: readonly ((app: OmegaServer) => Promise<void>)[] = [
  pingRoutes,
  modelRoutes,
  listRoutes,
  scriptRoutes,
  jobRoutes,
  taskRoutes,
  promotionRoutes,
  // (merge anchor) rest-data's route plugins go below this line
  datasetRoutes,
  v2InferenceRoutes,
  // (merge anchor) rest-keys' route plugins go below this line
];

/**
 * A Fastify instance serving the REST API of `contexts`, not yet listening (`app.listen()`). Its
 * contexts are opened now and closed by `app.close()` (those it opened).
 */
export async function createServer(options: ServerOptions = {}): Promise<OmegaServer> {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  if (!Number.isInteger(bodyLimit) || bodyLimit <= 0) {
    throw new ValidationError(`bodyLimit must be a positive number of bytes, got ${options.bodyLimit}`);
  }
  if (options.rateLimit !== undefined && !(Number.isInteger(options.rateLimit) && options.rateLimit > 0)) {
    throw new ValidationError(`rateLimit must be a positive number of requests per minute, got ${options.rateLimit}`);
  }
  const served = await ServedContexts.open(options.contexts ?? [], options.env ?? process.env);
  // Fastify types an HTTPS server differently; the routes never touch the raw server.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit,
    ...(options.https ? { https: options.https } : {}),
  }).withTypeProvider<ZodTypeProvider>() as unknown as OmegaServer;
  app.decorate('served', served);
  app.decorate('authorizer', authorizerOf(options.auth));
  app.decorate('tasks', new TaskBook());
  app.decorateRequest('omega', null);
  app.decorateRequest('caller', null);
  app.addHook('onClose', () => served.close());
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(sendProblem);
  addAuditHooks(app);
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type(PROBLEM_CONTENT_TYPE)
      .send(problem(404, `no route ${request.method} ${request.url.split('?')[0]}`, 'OMEGA_NOT_FOUND')),
  );

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'omegats REST API', version: '1', description: 'omega|ml-compatible REST API (API.md §10)' },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  if (options.rateLimit !== undefined) {
    await app.register(fastifyRateLimit, {
      global: true,
      max: options.rateLimit,
      timeWindow: '1 minute',
      keyGenerator: rateLimitKey,
    });
  }

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/healthz', { schema: { hide: true }, config: { rateLimit: false } }, async () => ({ status: 'ok' }));
  for (const routes of ROUTES) await app.register(routes);
  return app;
}

function authorizerOf(auth: ServerOptions['auth']): Authorizer {
  if (auth === undefined || auth === true) return keyAuthorizer();
  if (auth === false) return noAuth;
  return auth;
}
