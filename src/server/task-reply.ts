import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Omega } from '../omega.js';
import type { Task } from '../runtime/task.js';

/** The 202 answer of an async call (API.md §10). */
export const AcceptedTask = z
  .object({
    task_id: z.string(),
    status: z.literal('queued'),
    resource_uri: z.string().describe('the path of the call; poll the Location header for the result'),
  })
  .meta({ id: 'AcceptedTask' });
export type AcceptedTask = z.infer<typeof AcceptedTask>;

/** `?async=true` or header `async: true`. */
export const AsyncQuery = z.object({
  async: z.enum(['true', 'false', '1', '0']).optional().describe('answer 202 at once; poll the Location'),
});

/** The path of the request, without its query: omega|ml's `resource_uri`. */
export function resourceUri(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/**
 * Answers a call that runs `task` in `om`: asynchronously (202, `Location: /api/v1/task/<id>/result`)
 * when the request asks for it — once the task is submitted, so that a missing model is still a 404
 * — else with `respond(result)` once it has ended.
 */
export async function answerTask<T, R>(
  request: FastifyRequest,
  reply: FastifyReply,
  om: Omega,
  task: Task<T>,
  respond: (result: T) => R,
): Promise<R | AcceptedTask> {
  if (!wantsAsync(request)) return respond(await task);
  await task.submitted();
  request.server.tasks.remember(task.id, {
    context: om.context,
    bucket: om.bucketName,
    respond: respond as (result: unknown) => unknown,
  });
  reply.code(202).header('location', `/api/v1/task/${task.id}/result`);
  return { task_id: task.id, status: 'queued', resource_uri: resourceUri(request) };
}

/** Whether the request asks for an asynchronous answer (202 and a Location to poll). */
export function wantsAsync(request: FastifyRequest): boolean {
  const query = (request.query as { async?: string } | undefined)?.async;
  const header = request.headers.async;
  return [query, Array.isArray(header) ? header[0] : header].some((value) => value === 'true' || value === '1');
}
