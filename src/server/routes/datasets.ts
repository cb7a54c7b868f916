import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { MAX_FILTERS, QUERY_OPTIONS } from '../datasets/dataset-query.js';
import { readDataset } from '../datasets/dataset-read.js';
import { importRows, putJsonRows } from '../datasets/dataset-write.js';
import { formatOfContentType, MEDIA_TYPES, STREAMED_BODY_TYPES } from '../datasets/media-types.js';
import { requestBytes } from '../datasets/request-bytes.js';
import { requestScope } from '../request-scope.js';
import type { OmegaServer } from '../server-types.js';

const NameParams = z.object({ '*': z.string().describe('the dataset name: may hold `/` and a projection `[a,b]`') });

const DatasetQuery = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .describe(
    `filters \`col=v\` and \`col__op=v\` (eq, ne, lt, lte, gt, gte, in, nin, between, contains, startswith, endswith, isnull; values read as the column's type; in/nin/between: repeated or comma-separated; at most ${MAX_FILTERS}), and ${QUERY_OPTIONS.join(', ')}`,
  );

const PutQuery = z.object({
  append: z
    .enum(['true', 'false'])
    .optional()
    .describe('streamed bodies: false replaces the table (a JSON body says append in itself)'),
});

/** A Date on the wire: an ISO 8601 text. */
const IsoDate = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** Metadata as the REST API returns it (dates as ISO texts). */
const StoredMetadata = z.object({
  name: z.string(),
  bucket: z.string(),
  prefix: z.string(),
  kind: z.string(),
  kindMeta: z.record(z.string(), z.unknown()),
  attributes: z.record(z.string(), z.unknown()),
  created: IsoDate,
  modified: IsoDate,
});

const PutResponse = z.object({ dataset: z.string(), result: StoredMetadata });
const DeleteResponse = z.object({ dataset: z.string(), deleted: z.boolean() });

const STREAM_TYPES = `${MEDIA_TYPES.csv}, ${MEDIA_TYPES.ndjson}, ${MEDIA_TYPES.arrow}`;

/** Datasets: `GET|PUT|DELETE /api/v1/dataset/<name>`, rows streamed in and out. */
export async function datasetRoutes(app: OmegaServer): Promise<void> {
  // A table body in a streamed format reaches the handler as the request stream itself: never
  // buffered, so no body limit applies to it (JSON bodies are parsed whole, within the limit).
  for (const type of STREAMED_BODY_TYPES) {
    app.addContentTypeParser(type, (_request, payload, done) => done(null, payload));
  }

  app.get(
    '/api/v1/dataset/*',
    {
      schema: {
        summary: 'Query a dataset',
        description: `A table's rows as { data } (orient=records, the default, or columns), or streamed as ${STREAM_TYPES} by Accept; a json dataset as { data }; a file dataset as its bytes.`,
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
        response: { 200: PutResponse },
      },
      config: { audit: true },
    },
    async (request, reply) => {
      const om = await requestScope(request, 'write');
      const name = request.params['*'];
      const format = formatOfContentType(request.headers['content-type']);
      if (format === 'json' || format === null) {
        if (format === null) {
          throw new ValidationError(`Content-Type must be ${MEDIA_TYPES.json} or a stream of ${STREAM_TYPES}`);
        }
        return { dataset: name, result: await putJsonRows(om, name, request.body) };
      }
      const body = request.body as Readable;
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
