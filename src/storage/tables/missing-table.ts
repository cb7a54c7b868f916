import { IntegrityError } from '../../errors.js';

/** A dataset table the metadata names is not in the database (dropped behind the store's back). */
export class MissingTableError extends IntegrityError {
  constructor(
    readonly table: string,
    options?: ErrorOptions,
  ) {
    super(`table ${table} is missing from the database`, options);
  }
}
