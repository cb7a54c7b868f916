import { z } from 'zod';
import { ValidationError } from '../../errors.js';
import { FLOW_KINDS } from '../flow/flow-state.js';
import { describeIssues, MESSAGE_VERSION } from '../message.js';

const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/);

/**
 * The data of a flow's own job (the parent of its steps, on the context's `.flows` queue): which
 * steps it has, in order, and where they are. It runs nothing, so it carries no signature: its
 * worker only reads the steps' outcomes from the same broker.
 */
const FlowRecordSchema = z.strictObject({
  v: z.literal(MESSAGE_VERSION),
  id: z.uuid(),
  kind: z.enum(FLOW_KINDS),
  context: identifier,
  bucket: identifier,
  submitted: z.iso.datetime(),
  steps: z
    .array(
      z.strictObject({
        id: z.uuid(),
        label: identifier,
        action: z.string().max(100),
        object: z.string().max(1000).nullable(),
      }),
    )
    .min(1),
});
export type FlowRecord = z.infer<typeof FlowRecordSchema>;

/** A flow job's data, checked; anything else is a ValidationError saying what is wrong. */
export function parseFlowRecord(value: unknown): FlowRecord {
  const parsed = FlowRecordSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`malformed flow record: ${describeIssues(parsed.error)}`);
  return parsed.data;
}
