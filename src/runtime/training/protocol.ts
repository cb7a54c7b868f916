import {
  ConditionFailedError,
  ConflictError,
  IntegrityError,
  NotFoundError,
  type OmegaError,
  TaskError,
  UnavailableError,
  ValidationError,
} from '../../errors.js';
import type { EncodedModel } from '../../models/model-codec.js';
import type { PackedRows } from './packed-rows.js';
import type { TrainingAction } from './train.js';

/** What the main thread sends a training thread: a model as its codec encoded it, and what to train it on. */
export interface TrainingJob {
  readonly kind: string;
  readonly kindMeta: Readonly<Record<string, unknown>>;
  readonly bytes: Uint8Array;
  readonly action: TrainingAction;
  readonly params: Readonly<Record<string, unknown>>;
  readonly X: PackedRows | unknown[][];
  readonly Y: readonly (number | string)[];
}

/** An error as it crosses the thread boundary: its class name and message. */
export interface ThreadFailure {
  readonly name: string;
  readonly message: string;
}

/** A training thread's answer: the trained model, encoded, or why training failed. */
export type TrainingReply = { readonly model: EncodedModel } | { readonly failure: ThreadFailure };

export function threadFailure(error: unknown): ThreadFailure {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

const OMEGA_ERRORS: ReadonlyMap<string, new (message: string) => OmegaError> = new Map(
  [
    ConditionFailedError,
    ConflictError,
    IntegrityError,
    NotFoundError,
    TaskError,
    UnavailableError,
    ValidationError,
  ].map((type) => [type.name, type]),
);

/** The error again, of the same omegats class where it was one, so a task fails as it would in-thread. */
export function restoreFailure({ name, message }: ThreadFailure): Error {
  const OmegaType = OMEGA_ERRORS.get(name);
  if (OmegaType) return new OmegaType(message);
  const error = new Error(message);
  error.name = name;
  return error;
}
