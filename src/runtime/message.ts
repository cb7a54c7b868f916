import { z } from 'zod';
import { ValidationError } from '../errors.js';
import { parseName } from '../store/names.js';
import { MESSAGE_VERSION } from './message-version.js';
import { MODEL_ACTIONS } from './model-actions.js';

export { MESSAGE_VERSION } from './message-version.js';

export { MODEL_ACTIONS, type ModelAction } from './model-actions.js';

const identifier = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/);
const objectName = (rules: { projection: boolean; version: boolean }) =>
  z.string().refine(
    (name) => {
      try {
        parseName(name, rules);
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid object name' },
  );

/** Data of a model action: a dataset of the task's bucket (`temp` ones go when the task ends), or literal rows. */
export const DataRefSchema = z.union([
  z.strictObject({
    dataset: z.union([z.literal('*'), objectName({ projection: true, version: false })]),
    temp: z.boolean().optional(),
  }),
  z.strictObject({ inline: z.array(z.unknown()) }),
]);
export type DataRef = z.infer<typeof DataRefSchema>;

const envelope = {
  v: z.literal(MESSAGE_VERSION),
  id: z.uuid(),
  context: identifier,
  bucket: identifier,
  label: identifier,
  /** ISO 8601 time of submission. */
  submitted: z.iso.datetime(),
  /** HMAC-SHA256 of the rest of the message with the context's runtime secret (message-signer.ts); tasks sent through Redis carry it. */
  sig: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  /**
   * A step of a flow (API.md §13): the flow's id, the step's index, and for the last step of a
   * mapreduce the steps whose results it receives, in order (see flow/reduce-input.ts).
   */
  flow: z.strictObject({ id: z.uuid(), step: z.int().nonnegative(), inputs: z.array(z.uuid()).optional() }).optional(),
};

const ModelTaskSchema = z.strictObject({
  ...envelope,
  task: z.literal('model'),
  model: objectName({ projection: false, version: true }),
  /** The model version (and its kind) the client saw at submission, which the task then runs. */
  resolved: z
    .strictObject({ kind: z.string().min(1).max(100), version: z.string().regex(/^[0-9a-f]{64}$/) })
    .optional(),
  action: z.enum(MODEL_ACTIONS),
  X: DataRefSchema.optional(),
  Y: DataRefSchema.optional(),
  resultName: objectName({ projection: false, version: false }).optional(),
  params: z.record(z.string(), z.unknown()),
});

const ScriptTaskSchema = z.strictObject({
  ...envelope,
  task: z.literal('script'),
  script: objectName({ projection: false, version: true }),
  payload: z.unknown().optional(),
});

const JobTaskSchema = z.strictObject({
  ...envelope,
  task: z.literal('job'),
  job: objectName({ projection: false, version: false }),
  /** What the cell after the one tagged `parameters` assigns (papermill's convention). */
  params: z.record(z.string(), z.unknown()),
  /** The run fails (its result notebook still stored) when its cells take longer. */
  timeoutMs: z.int().positive().optional(),
});

const PingTaskSchema = z.strictObject({
  ...envelope,
  task: z.literal('ping'),
  payload: z.unknown().optional(),
});

/** What a client sends a worker: data only — a context name, never a URL or code (ARCHITECTURE). */
export const TaskMessageSchema = z.discriminatedUnion('task', [
  ModelTaskSchema,
  ScriptTaskSchema,
  JobTaskSchema,
  PingTaskSchema,
]);
export type TaskMessage = z.infer<typeof TaskMessageSchema>;
export type ModelTaskMessage = z.infer<typeof ModelTaskSchema>;
export type ScriptTaskMessage = z.infer<typeof ScriptTaskSchema>;
export type JobTaskMessage = z.infer<typeof JobTaskSchema>;

/**
 * Checks a message (as sent, or as received) against the schema; anything else is a
 * ValidationError that says which fields are wrong.
 */
export function parseTaskMessage(value: unknown): TaskMessage {
  const version = (value as { v?: unknown } | null)?.v;
  if (typeof value === 'object' && value !== null && version !== MESSAGE_VERSION) {
    throw new ValidationError(
      `task message version ${JSON.stringify(version)} is not understood (this omegats speaks version ${MESSAGE_VERSION})`,
    );
  }
  const parsed = TaskMessageSchema.safeParse(value);
  if (!parsed.success) throw new ValidationError(`malformed task message: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The message as JSON text, checked first: what the local runtime decodes. */
export function encodeTaskMessage(message: TaskMessage): string {
  return JSON.stringify(parseTaskMessage(message));
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'message'}: ${issue.message}`)
    .join('; ');
}
