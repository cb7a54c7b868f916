import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { requestScope } from '../request-scope.js';
import { IsoDate, WildcardParams } from '../schemas.js';
import type { OmegaServer } from '../server-types.js';
import { AcceptedTask, AsyncQuery, answerTask, resourceUri } from '../task-reply.js';

const ScriptResponse = z.object({
  script: z.string(),
  result: z.unknown().describe('what the script’s run(om, payload) returned'),
  started: IsoDate,
  ended: IsoDate,
  seconds: z.number(),
  resource_uri: z.string(),
});

/** `POST /api/v1/script/<name>/run`: runs a script with the body as its payload. */
export async function scriptRoutes(app: OmegaServer): Promise<void> {
  app.post(
    '/api/v1/script/*',
    {
      schema: {
        summary: 'Run a script',
        description: 'The path is the script’s name followed by `/run`; the JSON body is the payload.',
        tags: ['scripts'],
        params: WildcardParams,
        querystring: AsyncQuery,
        body: z.unknown().describe('the payload given to run(om, payload)'),
        response: { 200: ScriptResponse, 202: AcceptedTask },
      },
      config: { audit: true },
    },
    async (request, reply) => {
      const name = runTarget(request.params['*'], 'script');
      const om = await requestScope(request, 'run');
      const task = om.runtime.script(name).run(request.body);
      const uri = resourceUri(request);
      return answerTask(request, reply, om, task, (run) => ({ script: name, ...run, resource_uri: uri }));
    },
  );
}

/** The name in `<name>/run`; anything else is a ValidationError. */
export function runTarget(path: string, what: 'script' | 'job'): string {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  if (!trimmed.endsWith('/run') || trimmed === '/run') {
    throw new ValidationError(`a ${what} is run with POST /api/v1/${what}/<name>/run, got /api/v1/${what}/${path}`);
  }
  return trimmed.slice(0, -'/run'.length);
}
