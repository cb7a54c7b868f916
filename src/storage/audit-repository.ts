import type { Insertable, Selectable } from 'kysely';
import type { Db, Engine } from './engine.js';
import type { AuditTable } from './schema.js';

/** Which rows of the audit log a read selects. */
export interface AuditSelection {
  /** ISO 8601: rows at or after it. */
  readonly since?: string | undefined;
  /** At most this many, the newest ones. */
  readonly limit?: number | undefined;
}

/** The one owner of omega_audit, the context's append-only log of mutating requests and key changes. */
export class AuditRepository {
  constructor(private readonly engine: Engine) {}

  /** Appends a row in the transaction `trx`. */
  async append(trx: Db, row: Insertable<AuditTable>): Promise<void> {
    await trx.insertInto('omega_audit').values(row).execute();
  }

  /** The selected rows, oldest first. */
  async read(selection: AuditSelection): Promise<Selectable<AuditTable>[]> {
    let query = this.engine.db.selectFrom('omega_audit').selectAll().orderBy('seq', 'desc');
    if (selection.since !== undefined) query = query.where('at', '>=', selection.since);
    if (selection.limit !== undefined) query = query.limit(selection.limit);
    return (await query.execute()).reverse();
  }
}
