import { z } from 'zod';
import { ValidationError } from '../errors.js';
import type { Metadata } from '../store/metadata.js';
import { describeIssues } from './message.js';

const MetadataSchema = z.strictObject({
  name: z.string(),
  bucket: z.string(),
  prefix: z.string(),
  kind: z.string(),
  kindMeta: z.record(z.string(), z.unknown()),
  attributes: z.record(z.string(), z.unknown()),
  created: z.iso.datetime(),
  modified: z.iso.datetime(),
});

/** What a task gives back, as JSON: stored objects travel as their metadata. */
export const TaskResultSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('metadata'), metadata: MetadataSchema }),
  z.strictObject({ type: z.literal('value'), value: z.unknown() }),
  z.strictObject({
    type: z.literal('script'),
    result: z.unknown(),
    started: z.iso.datetime(),
    ended: z.iso.datetime(),
    seconds: z.number(),
  }),
]);
export type TaskResult = z.infer<typeof TaskResultSchema>;

/** What `run(payload)` of a script resolves to. */
export interface ScriptRun {
  result: unknown;
  started: Date;
  ended: Date;
  seconds: number;
}

export function metadataResult(meta: Metadata): TaskResult {
  return {
    type: 'metadata',
    metadata: { ...meta, created: meta.created.toISOString(), modified: meta.modified.toISOString() },
  };
}

/** A result as the caller sees it: Metadata and dates revived. */
export function reviveResult(value: unknown): unknown {
  // A plain value, the most frequent result (every prediction), needs no schema: what the
  // schema would check is exactly these two keys.
  if (isPlainValue(value)) return value.value;
  const parsed = TaskResultSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`malformed task result: ${describeIssues(parsed.error)}`);
  const result = parsed.data;
  switch (result.type) {
    case 'metadata':
      return {
        ...result.metadata,
        created: new Date(result.metadata.created),
        modified: new Date(result.metadata.modified),
      } satisfies Metadata;
    case 'value':
      return result.value;
    case 'script':
      return {
        result: result.result,
        started: new Date(result.started),
        ended: new Date(result.ended),
        seconds: result.seconds,
      } satisfies ScriptRun;
  }
}

/** `{ type: 'value', value }` and nothing else. */
function isPlainValue(result: unknown): result is { type: 'value'; value: unknown } {
  if (typeof result !== 'object' || result === null) return false;
  const record = result as Record<string, unknown>;
  return record.type === 'value' && Object.hasOwn(record, 'value') && Object.keys(record).length === 2;
}
