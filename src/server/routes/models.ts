import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { ModelAction } from '../../runtime/message.js';
import type { ModelProxy } from '../../runtime/model-proxy.js';
import type { Task } from '../../runtime/task.js';
import { ModelActionBody, ModelActionQuery, modelInput } from '../model-input.js';
import { requestScope } from '../request-scope.js';
import { MetadataSchema, WildcardParams } from '../schemas.js';
import type { OmegaServer } from '../server-types.js';
import { AcceptedTask, AsyncQuery, answerTask, resourceUri, wantsAsync } from '../task-reply.js';

/** omega|ml's action names in the path → the runtime's. */
const ACTIONS: Readonly<Record<string, ModelAction>> = {
  predict: 'predict',
  predict_proba: 'predictProba',
  fit: 'fit',
  partial_fit: 'partialFit',
  score: 'score',
  transform: 'transform',
  fit_transform: 'fitTransform',
};
const ACTION_LIST = Object.keys(ACTIONS).join(', ');
/** Actions that write a model version: audited (API.md §11); predictions are not. */
const WRITING: ReadonlySet<ModelAction> = new Set(['fit', 'partialFit', 'fitTransform']);

const ActionResponse = z.object({
  model: z.string(),
  result: z.unknown().describe('predictions (one per row), a score, or the new version’s Metadata (fit)'),
  resource_uri: z.string(),
});

const ACTION_DOC = `Runs a model action (${ACTION_LIST}); the last path segment is the action, the rest the model's name (may hold \`/\` and \`@tag\`).`;

/** Model metadata and actions: `/api/v1/model/<name>` and `/api/v1/model/<name>/<action>`. */
export async function modelRoutes(app: OmegaServer): Promise<void> {
  app.get(
    '/api/v1/model/*',
    {
      schema: {
        summary: 'Model metadata, or a model action',
        description: `Without an action: the model's Metadata. ${ACTION_DOC}`,
        tags: ['models'],
        params: WildcardParams,
        querystring: ModelActionQuery.extend(AsyncQuery.shape),
        response: {
          200: z.union([ActionResponse, z.object({ model: z.string(), result: MetadataSchema })]),
          202: AcceptedTask,
        },
      },
      config: { audit: changesModel },
    },
    async (request, reply) => {
      const { name, action } = modelPath(request.params['*']);
      if (action !== undefined) return runAction(request, reply, name, action, undefined, request.query);
      const om = await requestScope(request, 'read');
      const meta = await om.models.metadata(name);
      if (!meta) {
        throw new NotFoundError(
          `models/${name} (bucket ${om.bucketName}) does not exist in context ${om.context}; model actions are ${ACTION_LIST}`,
        );
      }
      return { model: name, result: meta };
    },
  );
  app.route({
    method: ['PUT', 'POST'],
    url: '/api/v1/model/*',
    schema: {
      summary: 'A model action',
      description: `${ACTION_DOC} X is the body's data (with columns) or datax=, Y the body's y or datay=.`,
      tags: ['models'],
      params: WildcardParams,
      querystring: ModelActionQuery.extend(AsyncQuery.shape),
      body: ModelActionBody.nullish(),
      response: { 200: ActionResponse, 202: AcceptedTask },
    },
    config: { audit: changesModel },
    // Predictions are the hot path: the reply is plain JSON (a fit's Metadata turns its Dates into
    // ISO text by itself), so it skips the schema's encoding walk; the schema still documents it.
    serializerCompiler: () => (data) => JSON.stringify(data),
    handler: async (request, reply) => {
      const { name, action } = modelPath(request.params['*']);
      if (action === undefined) {
        const last = name.split('/').pop();
        throw new ValidationError(`unknown model action ${last} in /api/v1/model/${name}: one of ${ACTION_LIST}`);
      }
      return runAction(request, reply, name, action, request.body ?? undefined, request.query);
    },
  });
}

/**
 * Whether a request is audited: a fit of some kind (by any method), or a PUT/POST whose action is
 * unknown (refused); a GET of metadata and predictions are not.
 */
function changesModel(request: FastifyRequest): boolean {
  const path = (request.params as { '*'?: unknown })['*'];
  const action = typeof path === 'string' ? modelPath(path).action : undefined;
  return action === undefined ? request.method !== 'GET' : WRITING.has(action);
}

/** The model's name and the action, when the last segment names one. */
function modelPath(path: string): { name: string; action?: ModelAction } {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  const cut = trimmed.lastIndexOf('/');
  const action = cut > 0 ? ACTIONS[trimmed.slice(cut + 1)] : undefined;
  return action === undefined ? { name: trimmed } : { name: trimmed.slice(0, cut), action };
}

async function runAction(
  request: FastifyRequest,
  reply: FastifyReply,
  name: string,
  action: ModelAction,
  body: ModelActionBody | undefined,
  query: z.infer<typeof ModelActionQuery>,
): Promise<z.infer<typeof ActionResponse> | AcceptedTask> {
  const om = await requestScope(request, 'run');
  const { X, Y } = modelInput(body, query);
  const model = om.runtime.model(name);
  if (X === undefined) {
    throw new ValidationError(
      `${action} of models/${name} (context ${om.context}) needs X: a body { data, columns? } or datax=<dataset>`,
    );
  }
  const uri = resourceUri(request);
  const respond = (result: unknown) => ({ model: name, result, resource_uri: uri });
  // A synchronous call waits for the result anyway: a local task then runs at once, without a Task.
  if (!wantsAsync(request)) return respond(await model.resultOf(action, X, Y));
  return answerTask(request, reply, om, submit(model, action, X, Y), respond);
}

function submit(model: ModelProxy, action: ModelAction, X: unknown, Y: unknown): Task<unknown> {
  switch (action) {
    case 'fit':
      return model.fit(X, Y);
    case 'partialFit':
      return model.partialFit(X, Y);
    case 'fitTransform':
      return model.fitTransform(X, Y);
    case 'score':
      return model.score(X, Y);
    case 'predict':
      return model.predict(X);
    case 'predictProba':
      return model.predictProba(X);
    case 'transform':
      return model.transform(X);
  }
}
