import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import type { Omega } from '../../omega.js';
import type { TaskStatus } from '../../runtime/executor.js';
import type { Task } from '../../runtime/task.js';
import { requestScope } from '../request-scope.js';
import type { OmegaServer } from '../server-types.js';
import type { TaskBook } from '../task-book.js';

const TaskParams = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,100}$/)
    .describe('the task id of the 202 answer'),
});
const STATUSES = ['queued', 'unserved', 'running', 'succeeded', 'failed'] as const satisfies readonly TaskStatus[];
const StatusResponse = z.object({ task_id: z.string(), status: z.enum(STATUSES) });
const ResultResponse = StatusResponse.extend({
  response: z.unknown().describe('the synchronous answer of the call'),
});
const PENDING: ReadonlySet<TaskStatus> = new Set(['queued', 'unserved', 'running']);

/** `GET /api/v1/task/<id>/status` and `/result`: async tasks, by id, in the request's context and bucket. */
export async function taskRoutes(app: OmegaServer): Promise<void> {
  app.get(
    '/api/v1/task/:id/status',
    {
      schema: {
        summary: 'An async task’s status',
        tags: ['tasks'],
        params: TaskParams,
        response: { 200: StatusResponse },
      },
    },
    async (request) => {
      const { id } = request.params;
      const task = findTask(request.server.tasks, await requestScope(request, 'run'), id);
      const status = await task.status();
      if (status === 'failed') await task.result(); // an unknown id is a 404, a failed task a 422
      return { task_id: id, status };
    },
  );
  app.get(
    '/api/v1/task/:id/result',
    {
      schema: {
        summary: 'An async task’s result',
        description: '202 while the task is queued or running; 200 with the response once done; 422 if it failed.',
        tags: ['tasks'],
        params: TaskParams,
        response: { 200: ResultResponse, 202: StatusResponse },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const om = await requestScope(request, 'run');
      const task = findTask(request.server.tasks, om, id);
      const status = await task.status();
      if (PENDING.has(status)) {
        reply.code(202);
        return { task_id: id, status };
      }
      const result = await task.result();
      const booked = request.server.tasks.get(id);
      return { task_id: id, status: 'succeeded' as const, response: booked ? booked.respond(result) : result };
    },
  );
}

/** The task `id` of `om`'s context; a task this server booked for another context or bucket is not found. */
function findTask(book: TaskBook, om: Omega, id: string): Task<unknown> {
  const booked = book.get(id);
  if (booked && (booked.context !== om.context || booked.bucket !== om.bucketName)) {
    throw new NotFoundError(`task ${id} is not known in bucket ${om.bucketName} of context ${om.context}`);
  }
  return om.runtime.task(id);
}
