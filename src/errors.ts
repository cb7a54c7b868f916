/** Every error omegats throws on purpose is an OmegaError with a stable `code` (API.md §9). */
export class OmegaError extends Error {
  readonly code: string;

  constructor(message: string, code = 'OMEGA_ERROR', options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The named object, version, context or task does not exist. */
export class NotFoundError extends OmegaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'OMEGA_NOT_FOUND', options);
  }
}

/** Bad input: names, buckets, filters, schemas, config, messages. Nothing was written. */
export class ValidationError extends OmegaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'OMEGA_INVALID', options);
  }
}

/** A promotion was refused by one or more of its conditions. */
export class ConditionFailedError extends OmegaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'OMEGA_CONDITION_FAILED', options);
  }
}

/** The operation conflicts with the current state (a concurrent writer, an existing object). */
export class ConflictError extends OmegaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'OMEGA_CONFLICT', options);
  }
}

/** A runtime task failed; the message carries the remote error. */
export class TaskError extends OmegaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'OMEGA_TASK_FAILED', options);
  }
}

/** A server the context needs (PostgreSQL, Redis) cannot be reached. */
export class UnavailableError extends OmegaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'OMEGA_UNAVAILABLE', options);
  }
}

/** Stored bytes no longer match their content hash; they are never returned. */
export class IntegrityError extends OmegaError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, 'OMEGA_CORRUPT', options);
  }
}

/** A request without a valid key (401) or whose key lacks the role or bucket (403). */
export class AuthError extends OmegaError {
  constructor(
    message: string,
    readonly status: 401 | 403 = 401,
    options?: ErrorOptions,
  ) {
    super(message, status === 401 ? 'OMEGA_UNAUTHORIZED' : 'OMEGA_FORBIDDEN', options);
    this.name = 'AuthError';
  }
}
