import { ValidationError } from '../errors.js';
import type { Metadata } from '../store/metadata.js';

/** The label of tasks that name none and of models bound to none. */
export const DEFAULT_LABEL = 'default';
/** `require('local')` runs in-process, like `mode({ local: true })`. */
export const LOCAL_LABEL = 'local';

const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** A label names a group of workers: letters, digits, `_ . -`, at most 63 characters. */
export function validateLabel(label: unknown): string {
  if (typeof label !== 'string' || !LABEL.test(label)) {
    throw new ValidationError(
      `invalid label ${JSON.stringify(label)}: a label is 1-63 letters, digits, _ . - starting with a letter or digit`,
    );
  }
  return label;
}

/** `attributes.require.label` binds a model or script to the workers of that label. */
export function boundLabel(meta: Metadata): string | undefined {
  const label = (meta.attributes.require as { label?: unknown } | undefined)?.label;
  return label === undefined ? undefined : validateLabel(label);
}
