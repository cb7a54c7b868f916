import { NotFoundError, ValidationError } from '../errors.js';
import { parseName } from '../store/names.js';
import type { DataRef } from './message.js';
import type { RuntimeScope } from './runtime-scope.js';

/** Literal data up to this size (as JSON) travels inside the message; larger data as a temp dataset. */
export const INLINE_MAX_BYTES = 256 * 1024;

/**
 * Literal rows of a call that stays in this process (`inProcess`): kept literal whatever their
 * size, unchecked (they came from JSON and stay here), at once. Anything else: undefined, for dataRef.
 */
export function inProcessRef(value: unknown, inProcess: boolean | undefined): DataRef | undefined {
  return inProcess && Array.isArray(value) ? { inline: value } : undefined;
}

/**
 * What the message carries for X or Y: a dataset name as given (checked to exist unless
 * `mayNotExistYet`, `'*'` for the model's recorded data), literal rows, or — when they are
 * large — the name of a temp dataset `_temp/<task>/<role>` that the runner drops when the task ends.
 */
export async function dataRef(
  om: RuntimeScope,
  value: unknown,
  role: string,
  taskId: string,
  mayNotExistYet = false,
): Promise<DataRef> {
  if (typeof value === 'string') {
    if (value === '*') return { dataset: value };
    const { name } = parseName(value, { projection: true, version: false });
    if (!mayNotExistYet && !(await om.datasets.exists(name))) {
      throw new NotFoundError(
        `${role}: data/${name} (bucket ${om.bucketName}) does not exist in context ${om.context}`,
      );
    }
    return { dataset: value };
  }
  if (!Array.isArray(value)) {
    throw new ValidationError(
      `${role} must be a dataset name or an array of rows, got ${value === null ? 'null' : typeof value}`,
    );
  }
  if (inlineJson(value, role).length <= INLINE_MAX_BYTES) return { inline: value };
  const name = tempName(taskId, role);
  await om.datasets.put(value, name, { append: false });
  return { dataset: name, temp: true };
}

/** Rows as the JSON a message carries; a bigint or a cycle is a ValidationError naming the role. */
function inlineJson(rows: unknown[], role: string): string {
  try {
    return JSON.stringify(rows);
  } catch (error) {
    throw new ValidationError(
      `${role} cannot be sent as JSON (${(error as Error).message.split('\n')[0]}): give numbers, not bigints or cycles`,
    );
  }
}

function tempName(taskId: string, role: string): string {
  return `_temp/${taskId}/${role}`;
}

/**
 * Drops a task's temp datasets: only names `_temp/<task id>/…` that the task's own refs mark
 * temp, so a message can never make a worker drop anything else.
 */
export async function dropTempData(
  om: RuntimeScope,
  taskId: string,
  refs: { X?: DataRef | undefined; Y?: DataRef | undefined },
): Promise<void> {
  for (const [role, ref] of Object.entries(refs)) {
    const own = tempName(taskId, role);
    if (ref && 'dataset' in ref && ref.temp && ref.dataset === own) await om.datasets.drop(own, { force: true });
  }
}
