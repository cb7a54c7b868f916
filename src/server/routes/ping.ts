import { z } from 'zod';
import { requestScope } from '../request-scope.js';
import type { OmegaServer } from '../server-types.js';

const PingResponse = z.object({ ping: z.string(), context: z.string(), bucket: z.string() });

/** `GET /api/v1/ping`: the server's time, and the context and bucket the request resolves to. */
export async function pingRoutes(app: OmegaServer): Promise<void> {
  app.get(
    '/api/v1/ping',
    { schema: { summary: 'Ping', tags: ['server'], response: { 200: PingResponse } } },
    async (request) => {
      const om = await requestScope(request, 'read');
      return { ping: new Date().toISOString(), context: om.context, bucket: om.bucketName };
    },
  );
}
