import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { requestScope } from '../request-scope.js';
import { WildcardParams } from '../schemas.js';
import type { OmegaServer } from '../server-types.js';
import { runTarget } from './scripts.js';

/** `POST /api/v1/job/<name>/run`: jobs cannot run yet; a clear 404 until the jobs issue lands. */
export async function jobRoutes(app: OmegaServer): Promise<void> {
  app.post(
    '/api/v1/job/*',
    {
      schema: {
        summary: 'Run a job (not served yet)',
        tags: ['jobs'],
        params: WildcardParams,
        body: z.unknown(),
      },
      config: { audit: true },
    },
    async (request) => {
      const name = runTarget(request.params['*'], 'job');
      await requestScope(request, 'run');
      throw new NotFoundError(`jobs are not served yet: this omegats cannot run jobs (asked to run ${name})`);
    },
  );
}
