import { ValidationError } from '../../errors.js';

/** How the rows of a table dataset travel over HTTP. */
export type RowFormat = 'json' | 'csv' | 'ndjson' | 'arrow';

/** The media type of each format, as sent in `Content-Type`. */
export const MEDIA_TYPES: Readonly<Record<RowFormat, string>> = {
  json: 'application/json',
  csv: 'text/csv',
  ndjson: 'application/x-ndjson',
  arrow: 'application/vnd.apache.arrow.stream',
};

/** Media types read as each format: the registered one first, then the names in common use. */
const ACCEPTED: Readonly<Record<string, RowFormat>> = {
  'application/json': 'json',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'application/x-ndjson': 'ndjson',
  'application/ndjson': 'ndjson',
  'application/jsonl': 'ndjson',
  'application/x-jsonlines': 'ndjson',
  'application/vnd.apache.arrow.stream': 'arrow',
};

/** The media types a table body may stream in (JSON is parsed whole, as `{ data, append? }`). */
export const STREAMED_BODY_TYPES: readonly string[] = Object.keys(ACCEPTED).filter((type) => ACCEPTED[type] !== 'json');

interface MediaRange {
  readonly type: string;
  readonly quality: number;
  readonly order: number;
}

/**
 * The format an `Accept` header asks for: the acceptable range of highest quality (ties: the
 * first listed); JSON when the header is missing or accepts anything. A header that accepts none
 * of the formats is a ValidationError listing them.
 */
export function formatOfAccept(accept: string | undefined): RowFormat {
  if (accept === undefined || accept.trim() === '') return 'json';
  const ranges = accept
    .split(',')
    .map((part, order) => mediaRange(part, order))
    .filter((range) => range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.order - b.order);
  for (const { type } of ranges) {
    if (type === '*/*' || type === 'application/*') return 'json';
    if (type === 'text/*') return 'csv';
    const format = Object.hasOwn(ACCEPTED, type) ? ACCEPTED[type] : undefined;
    if (format) return format;
  }
  throw new ValidationError(
    `Accept: none of the formats a dataset is sent as (${Object.values(MEDIA_TYPES).join(', ')})`,
  );
}

/** The format of a request body by its `Content-Type` (parameters such as charset ignored), or null. */
export function formatOfContentType(contentType: string | undefined): RowFormat | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return Object.hasOwn(ACCEPTED, type) ? (ACCEPTED[type] ?? null) : null;
}

function mediaRange(part: string, order: number): MediaRange {
  const [type = '', ...parameters] = part.split(';').map((s) => s.trim().toLowerCase());
  const q = parameters.find((p) => p.startsWith('q='));
  const quality = q === undefined ? 1 : Number(q.slice(2));
  return { type, quality: Number.isFinite(quality) ? quality : 0, order };
}
