import { z } from 'zod';
import { requestScope } from '../request-scope.js';
import { STORE_NAMES } from '../schemas.js';
import type { OmegaServer } from '../server-types.js';

const ListQuery = z.object({
  pattern: z.string().min(1).max(1024).optional().describe('`*` matches any characters, `/` included; anchored'),
});
const ListResponse = z.object({ objects: z.array(z.string()) });

/** `GET /api/v1/<store>`: the names in a store of the request's bucket. */
export async function listRoutes(app: OmegaServer): Promise<void> {
  for (const store of STORE_NAMES) {
    app.get(
      `/api/v1/${store}`,
      {
        schema: {
          summary: `List ${store}`,
          tags: [store],
          querystring: ListQuery,
          response: { 200: ListResponse },
        },
      },
      async (request) => {
        const om = await requestScope(request, 'read');
        return { objects: await om[store].list(request.query.pattern) };
      },
    );
  }
}
