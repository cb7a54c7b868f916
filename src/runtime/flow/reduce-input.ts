import { isPlainObject } from '../../backends/json.js';
import { ValidationError } from '../../errors.js';
import type { TaskMessage } from '../message.js';
import type { TaskBody } from '../task-submitter.js';

/**
 * A step's result (a TaskResult as JSON) as the last step of a mapreduce receives it: the value of
 * a prediction, score or ping, the Metadata (as JSON) of a fit or stored result, a script's run.
 */
export function resultValue(result: unknown): unknown {
  if (typeof result !== 'object' || result === null) return result;
  const { type, ...rest } = result as Record<string, unknown>;
  if (type === 'value') return rest.value;
  if (type === 'metadata') return rest.metadata;
  return type === 'script' ? rest : result;
}

/**
 * Checks that the last task of a mapreduce can receive the results: a script's or ping's payload
 * must be an object (or none), to which `results` is added.
 */
export function checkReducer(body: TaskBody): void {
  if ((body.task === 'script' || body.task === 'ping') && body.payload !== undefined && !isPlainObject(body.payload)) {
    throw new ValidationError(
      `the last task of a mapreduce receives { results } in its payload: give it an object payload or none, not ${JSON.stringify(body.payload)}`,
    );
  }
}

/**
 * The reducing step's message with the results in it: `payload.results` for a script or a ping,
 * `params.results` for a job, X for a model.
 */
export function withResults(message: TaskMessage, results: unknown[]): TaskMessage {
  switch (message.task) {
    case 'model':
      return { ...message, X: { inline: results } };
    case 'job':
      return { ...message, params: { ...message.params, results } };
    default:
      return { ...message, payload: { ...(message.payload as Record<string, unknown> | undefined), results } };
  }
}
