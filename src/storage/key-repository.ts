import type { Db, Engine } from './engine.js';
import type { KeyTable } from './schema.js';

/** The one owner of omega_key: the API keys of a context, each found by its id (the primary key). */
export class KeyRepository {
  constructor(private readonly engine: Engine) {}

  /** The row of one key, outside any transaction: one primary-key lookup, the hot path of every request. */
  get(id: string): Promise<KeyTable | undefined> {
    return this.engine.db.selectFrom('omega_key').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The row of one key as the transaction `trx` sees it. */
  read(trx: Db, id: string): Promise<KeyTable | undefined> {
    return trx.selectFrom('omega_key').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every key, oldest first. */
  list(): Promise<KeyTable[]> {
    return this.engine.db.selectFrom('omega_key').selectAll().orderBy('created').orderBy('id').execute();
  }

  async insert(trx: Db, row: KeyTable): Promise<void> {
    await trx.insertInto('omega_key').values(row).execute();
  }

  /** Marks a key revoked at `at` unless it already is (its first revocation time is kept). */
  async revoke(trx: Db, id: string, at: string): Promise<void> {
    await trx.updateTable('omega_key').set({ revoked: at }).where('id', '=', id).where('revoked', 'is', null).execute();
  }
}
