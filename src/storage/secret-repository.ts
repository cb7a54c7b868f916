import { randomBytes } from 'node:crypto';
import { IntegrityError } from '../errors.js';
import type { Engine } from './engine.js';
import type { SecretTable } from './schema.js';

/** The secret that signs runtime task messages. */
export const RUNTIME_SECRET = 'runtime';

/** A fresh 256-bit key, hex. */
export function newSecret(): string {
  return randomBytes(32).toString('hex');
}

/** The context's secrets (table omega_secret). */
export class SecretRepository {
  constructor(private readonly engine: Engine) {}

  async read(name: string): Promise<SecretTable> {
    const row = await this.engine.db.selectFrom('omega_secret').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw new IntegrityError(`the ${name} secret of ${this.engine.location} is missing`);
    return row;
  }

  /** Makes a new key; the current one becomes `previous`. */
  async rotate(name: string): Promise<SecretTable> {
    return this.engine.write(
      async (trx) => {
        const current = await trx.selectFrom('omega_secret').selectAll().where('name', '=', name).executeTakeFirst();
        if (!current) throw new IntegrityError(`the ${name} secret of ${this.engine.location} is missing`);
        const next = { name, value: newSecret(), previous: current.value, rotated: new Date().toISOString() };
        await trx.updateTable('omega_secret').set(next).where('name', '=', name).execute();
        return next;
      },
      [`omega:secret:${name}`],
    );
  }
}
