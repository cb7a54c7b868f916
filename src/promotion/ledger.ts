import { userInfo } from 'node:os';
import type { Db } from '../storage/engine.js';
import type { PromotionRecord } from './types.js';

/** Who promotes: OMEGA_USER, else the operating-system user. */
export function currentUser(): string {
  if (process.env.OMEGA_USER) return process.env.OMEGA_USER;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Appends a record to the ledger of the target context, in the caller's transaction. */
export async function appendRecord(trx: Db, record: PromotionRecord): Promise<void> {
  await trx
    .insertInto('omega_promotion')
    .values({
      id: record.id,
      at: record.at.toISOString(),
      user: record.user,
      action: record.action,
      bucket: record.target.bucket,
      prefix: record.target.prefix,
      name: record.target.name,
      record: JSON.stringify(record),
    })
    .execute();
}

/** The records of one store (and name) of a bucket, oldest first. */
export async function listRecords(db: Db, bucket: string, prefix: string, name?: string): Promise<PromotionRecord[]> {
  let query = db
    .selectFrom('omega_promotion')
    .select('record')
    .where('bucket', '=', bucket)
    .where('prefix', '=', prefix)
    .orderBy('seq');
  if (name !== undefined) query = query.where('name', '=', name);
  return (await query.execute()).map((row) => {
    const record = JSON.parse(row.record) as PromotionRecord & { at: string };
    return { ...record, at: new Date(record.at) };
  });
}
