import { ValidationError } from '../errors.js';

const pending = new Map<string, Promise<unknown>>();

/**
 * Imports an optional package (a model runtime) on first use. A package that is not installed is a
 * ValidationError saying how to install it; one that is installed but fails to load (a native
 * binary for another platform) is a ValidationError carrying the cause. Failures are not cached,
 * so installing the package later works without a restart.
 */
export function loadOptional<T>(packageName: string): Promise<T> {
  let loading = pending.get(packageName);
  if (loading === undefined) {
    loading = import(packageName).catch((error: unknown) => {
      pending.delete(packageName);
      throw loadError(packageName, error);
    });
    pending.set(packageName, loading);
  }
  return loading as Promise<T>;
}

function loadError(packageName: string, error: unknown): ValidationError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const missing =
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${packageName}'`);
  if (missing) {
    return new ValidationError(
      `the optional package ${packageName} is not installed; install it with \`npm install ${packageName}\``,
      { cause: error },
    );
  }
  return new ValidationError(`the optional package ${packageName} failed to load: ${message}`, { cause: error });
}
