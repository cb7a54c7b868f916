import type { Readable } from 'node:stream';
import { tableMetaOf } from '../../datasets/table-meta.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { Omega } from '../../omega.js';
import { parseName } from '../../store/names.js';
import { parseDatasetQuery, type QueryParameters } from './dataset-query.js';
import { jsonColumnsText } from './json-data.js';
import { formatOfAccept, MEDIA_TYPES, type RowFormat } from './media-types.js';
import { jsonBody, rowBody } from './row-body.js';
import { startChunks } from './started-chunks.js';

/** A response: its Content-Type and body (JSON text, or a stream sent as it is read). */
export interface DatasetReply {
  readonly type: string;
  readonly body: string | Readable;
}

/** Rows per chunk read from the database and written to the client. */
const CHUNK_ROWS = 5_000;

const CONTENT_TYPES: Readonly<Record<RowFormat, string>> = {
  json: `${MEDIA_TYPES.json}; charset=utf-8`,
  csv: `${MEDIA_TYPES.csv}; charset=utf-8`,
  ndjson: `${MEDIA_TYPES.ndjson}; charset=utf-8`,
  arrow: MEDIA_TYPES.arrow,
};

/**
 * `GET /api/v1/dataset/<name>`: a table's rows, filtered, projected, sorted and sliced by the
 * query, as `{ data }` or streamed in the format `accept` asks for (never held whole, except
 * `orient=columns`); a json dataset as `{ data: value }`; a file dataset as its bytes. Errors of
 * the query are thrown before anything is sent.
 */
export async function readDataset(
  om: Omega,
  name: string,
  query: QueryParameters,
  accept: string | undefined,
): Promise<DatasetReply> {
  const parsed = parseName(name, { projection: true, version: false });
  const meta = await om.datasets.metadata(parsed.name);
  if (!meta) {
    throw new NotFoundError(`data/${parsed.name} (bucket ${om.bucketName}) does not exist in context ${om.context}`);
  }
  if (meta.kind !== 'table') {
    if (Object.keys(query).length > 0 || parsed.columns) {
      throw new ValidationError(`data/${parsed.name} is a ${meta.kind} dataset: only tables take filters and options`);
    }
    if (meta.kind === 'file')
      return { type: 'application/octet-stream', body: await om.datasets.get(name, { as: 'stream' }) };
    return { type: CONTENT_TYPES.json, body: JSON.stringify({ data: await om.datasets.get(name) }) };
  }
  const stored = tableMetaOf(meta.kindMeta, `data/${parsed.name}`).columns;
  const request = parseDatasetQuery(query, stored);
  const format = formatOfAccept(accept);
  if (request.orient === 'columns' && format !== 'json') {
    throw new ValidationError(`orient=columns shapes JSON; it does not apply to ${MEDIA_TYPES[format]}`);
  }
  if (request.columns && parsed.columns) {
    throw new ValidationError('give the columns either in the name (sales[a,b]) or as columns=, not both');
  }
  let table = om.datasets.getl(name).where(request.filter).sort(request.sort);
  if (request.columns) table = table.select(request.columns);
  if (request.limit !== undefined) table = table.limit(request.limit);
  if (request.skip !== undefined) table = table.skip(request.skip);
  const columns = table.selectedColumns(stored);
  if (request.orient === 'columns')
    return { type: CONTENT_TYPES.json, body: jsonColumnsText(columns, await table.toColumns()) };
  if (format === 'json' || format === 'ndjson') {
    return { type: CONTENT_TYPES[format], body: jsonBody(await startChunks(table.jsonChunks(CHUNK_ROWS)), format) };
  }
  return { type: CONTENT_TYPES[format], body: rowBody(await startChunks(table.chunks(CHUNK_ROWS)), columns, format) };
}
