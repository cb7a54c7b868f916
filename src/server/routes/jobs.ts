import { z } from 'zod';
import { NotFoundError } from '../../errors.js';
import { requestScope } from '../request-scope.js';
import { IsoDate, MetadataSchema, WildcardParams } from '../schemas.js';
import type { OmegaServer } from '../server-types.js';
import { AcceptedTask, AsyncQuery, answerTask, resourceUri } from '../task-reply.js';
import { runTarget } from './scripts.js';

const RunBody = z
  .object({
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('assigned after the cell tagged `parameters`, and `params` in every cell'),
    timeoutMs: z
      .int()
      .positive()
      .optional()
      .describe('the run fails (its result notebook still stored) after this long'),
  })
  .nullish();

const RunResponse = z.object({
  job: z.string(),
  result: MetadataSchema.describe('the result notebook, results/<name>_<stamp>.ipynb in the jobs store'),
  resource_uri: z.string(),
});

const JobRunSchema = z
  .object({
    status: z.enum(['ok', 'error']),
    at: IsoDate,
    seconds: z.number(),
    result: z.string().describe('the result notebook'),
    message: z.string().nullable().describe('the first line of the error'),
    task: z.string(),
  })
  .meta({ id: 'JobRun' });

const JobResponse = z.object({ job: z.string(), result: MetadataSchema, runs: z.array(JobRunSchema) });

/** Jobs (API.md §12): `POST /api/v1/job/<name>/run` runs one; `GET /api/v1/job/<name>` gives it with its runs. */
export async function jobRoutes(app: OmegaServer): Promise<void> {
  app.post(
    '/api/v1/job/*',
    {
      schema: {
        summary: 'Run a job',
        description:
          'The path is the job’s name followed by `/run`. Answers once the run has ended with the result notebook’s Metadata; a failing cell is a 422 whose detail names the cell (the result notebook is stored either way).',
        tags: ['jobs'],
        params: WildcardParams,
        querystring: AsyncQuery,
        body: RunBody,
        response: { 200: RunResponse, 202: AcceptedTask },
      },
      config: { audit: true },
    },
    async (request, reply) => {
      const name = runTarget(request.params['*'], 'job');
      const om = await requestScope(request, 'run');
      const task = om.runtime.job(name).run({ params: request.body?.params, timeoutMs: request.body?.timeoutMs });
      const uri = resourceUri(request);
      return answerTask(request, reply, om, task, (result) => ({ job: name, result, resource_uri: uri }));
    },
  );

  app.get(
    '/api/v1/job/*',
    {
      schema: {
        summary: 'A job and its runs',
        description: 'The job’s Metadata and its run history, oldest first.',
        tags: ['jobs'],
        params: WildcardParams,
        response: { 200: JobResponse },
      },
    },
    async (request) => {
      const name = request.params['*'];
      const om = await requestScope(request, 'read');
      const meta = await om.jobs.metadata(name);
      if (!meta)
        throw new NotFoundError(`jobs/${name} (bucket ${om.bucketName}) does not exist in context ${om.context}`);
      return { job: meta.name, result: meta, runs: await om.jobs.runs(meta.name) };
    },
  );
}
