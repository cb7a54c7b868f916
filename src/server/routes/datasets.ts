import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { FILTER_OPERATORS } from '../../datasets/filter.js';
import { ValidationError } from '../../errors.js';
import { MAX_FILTERS } from '../datasets/dataset-query.js';
import { readDataset } from '../datasets/dataset-read.js';
import { DatasetPutBody, importRows, putJsonRows } from '../datasets/dataset-write.js';
import { formatOfContentType, MEDIA_TYPES, STREAMED_BODY_TYPES } from '../datasets/media-types.js';
import { requestBytes } from '../datasets/request-bytes.js';
import { requestScope } from '../request-scope.js';
import { MetadataSchema } from '../schemas.js';
import type { OmegaServer } from '../server-types.js';

const NameParams = z.object({ '*': z.string().describe('the dataset name: may hold `/` and a projection `[a,b]`') });

const QueryValue = z.union([z.string(), z.array(z.string())]);

/** The options by name; any other parameter is a filter. */
const DatasetQuery = z
  .object({
    columns: QueryValue.optional().describe('the columns to return, comma-separated'),
    sort: QueryValue.optional().describe('sort keys, comma-separated; -col descending'),
    limit: z.string().optional().describe('at most this many rows'),
    skip: z.string().optional().describe('skip this many rows first'),
    orient: z
      .enum(['records', 'columns'])
      .optional()
      .describe('JSON: rows (records, the default) or { col: [values] }'),
  })
  .catchall(QueryValue);

const FILTERS = `Filters: \`col=v\` and \`col__op=v\` (${FILTER_OPERATORS.join(', ')}); values are read as the column's type; in, nin and between take repeated parameters or one comma-separated value; at most ${MAX_FILTERS} conditions.`;

const PutQuery = z.object({
  append: z
    .enum(['true', 'false'])
    .optional()
    .describe('streamed bodies: false replaces the table (a JSON body says append in itself)'),
});

const PutResponse = z.object({ dataset: z.string(), result: MetadataSchema });
const DeleteResponse = z.object({ dataset: z.string(), deleted: z.boolean() });

const STREAM_TYPES = `${MEDIA_TYPES.csv}, ${MEDIA_TYPES.ndjson}, ${MEDIA_TYPES.arrow}`;

/** Datasets: `GET|PUT|DELETE /api/v1/dataset/<name>`, rows streamed in and out. */
export async function datasetRoutes(app: OmegaServer): Promise<void> {
  // A table body in a streamed format is left unread for the handler: never buffered, so no body
  // limit applies to it (JSON bodies are parsed whole, within the limit, and validated).
  const streams = new WeakMap<FastifyRequest, Readable>();
  for (const type of STREAMED_BODY_TYPES) {
    app.addContentTypeParser(type, (request, payload, done) => {
      streams.set(request, payload);
      done(null, undefined);
    });
  }

  app.get(
    '/api/v1/dataset/*',
    {
      schema: {
        summary: 'Query a dataset',
        description: `A table's rows as { data } (orient=records, the default, or columns), or streamed as ${STREAM_TYPES} by Accept; a json dataset as { data }; a file dataset as its bytes. ${FILTERS}`,
        tags: ['datasets'],
        params: NameParams,
        querystring: DatasetQuery,
      },
    },
    async (request, reply) => {
      const om = await requestScope(request, 'read');
      const answer = await readDataset(om, request.params['*'], request.query, request.headers.accept);
      return reply.type(answer.type).send(answer.body);
    },
  );

  app.put(
    '/api/v1/dataset/*',
    {
      schema: {
        summary: 'Store rows as a table dataset',
        description: `Body: JSON { data, append? } (rows or a column dict), or a stream of ${STREAM_TYPES} by Content-Type, stored as it arrives (append=false replaces). Appends to an existing table by default. Nothing is written unless all of the body is stored.`,
        tags: ['datasets'],
        params: NameParams,
        querystring: PutQuery,
        body: DatasetPutBody.nullish(),
        response: { 200: PutResponse },
      },
      config: { audit: true },
    },
    async (request, reply) => {
      const om = await requestScope(request, 'write');
      const name = request.params['*'];
      const format = formatOfContentType(request.headers['content-type']);
      const body = streams.get(request);
      if (format === 'json' && request.body)
        return { dataset: name, result: await putJsonRows(om, name, request.body) };
      if (format === null || format === 'json' || !body) {
        throw new ValidationError(
          `the body is JSON { data, append? } or a stream of ${STREAM_TYPES} (by Content-Type)`,
        );
      }
      const append = request.query.append === undefined ? undefined : request.query.append === 'true';
      try {
        return { dataset: name, result: await importRows(om, name, format, requestBytes(body), append) };
      } catch (error) {
        closeAfterReply(reply, body);
        throw error;
      }
    },
  );

  app.delete(
    '/api/v1/dataset/*',
    {
      schema: {
        summary: 'Drop a dataset',
        tags: ['datasets'],
        params: NameParams,
        response: { 200: DeleteResponse },
      },
      config: { audit: true },
    },
    async (request) => {
      const om = await requestScope(request, 'write');
      const name = request.params['*'];
      return { dataset: name, deleted: await om.datasets.drop(name) };
    },
  );
}

/**
 * A streamed body the handler stopped reading (bad input): the rest is discarded as it arrives
 * and the connection closes after the error response, so the client reads the error.
 */
function closeAfterReply(reply: FastifyReply, body: Readable): void {
  if ((body as IncomingMessage).complete) return;
  reply.header('connection', 'close');
  body.resume();
}
