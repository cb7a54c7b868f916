import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import type { Db } from '../storage/engine.js';
import type { Metadata } from '../store/metadata.js';
import type { ObjectWrite } from '../store/object-writer.js';
import type { PromotionRecord } from './types.js';

/** What a record says beyond what its transaction knows (id, time, user, versions). */
export type RecordFields = Pick<PromotionRecord, 'action' | 'source' | 'target' | 'conditions' | 'message'> & {
  /** Who acts; default currentUser(). */
  readonly user?: string | undefined;
  /** The write starts the target's history anew (a promotion with `drop`): never `unchanged`. */
  readonly restartsHistory?: boolean;
  /** The bundle the record belongs to. */
  readonly bundle?: string | undefined;
};

/**
 * The last step of an object's write transaction: appends its ledger record, so the object and
 * its record commit together; `written` receives the record.
 */
export function recordStep(fields: RecordFields, written: (record: PromotionRecord) => void): ObjectWrite['after'] {
  return async (tx, next, before) => {
    const record: PromotionRecord = {
      id: randomUUID(),
      at: next.modified,
      user: fields.user ?? currentUser(),
      ...(fields.source === undefined ? {} : { source: fields.source }),
      action: fields.action,
      target: fields.target,
      ...versions(next, before, fields.restartsHistory === true),
      conditions: fields.conditions,
      ...(fields.message === undefined ? {} : { message: fields.message }),
      ...(fields.bundle === undefined ? {} : { bundle: fields.bundle }),
    };
    await appendRecord(tx.trx, record);
    written(record);
  };
}

/** The target's version now and before (models and scripts), and whether it stayed the same. */
function versions(
  next: Metadata,
  before: Metadata | null,
  restartsHistory: boolean,
): Pick<PromotionRecord, 'version' | 'previousVersion' | 'unchanged'> {
  const version = next.kindMeta.version;
  if (typeof version !== 'string') return {};
  const previous = before?.kindMeta.version;
  const unchanged = !restartsHistory && previous === version && before?.kind === next.kind;
  return {
    version,
    previousVersion: typeof previous === 'string' ? previous : null,
    ...(unchanged ? { unchanged } : {}),
  };
}

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
async function appendRecord(trx: Db, record: PromotionRecord): Promise<void> {
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
      bundle: record.bundle ?? null,
      record: JSON.stringify(record),
    })
    .execute();
}

/** The records of one bundle promotion, in the order they were written. */
export async function bundleRecords(db: Db, bundle: string): Promise<PromotionRecord[]> {
  const rows = await db
    .selectFrom('omega_promotion')
    .select('record')
    .where('bundle', '=', bundle)
    .orderBy('seq')
    .execute();
  return rows.map((row) => parsedRecord(row.record));
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
  return (await query.execute()).map((row) => parsedRecord(row.record));
}

function parsedRecord(json: string): PromotionRecord {
  const record = JSON.parse(json) as PromotionRecord & { at: string };
  return { ...record, at: new Date(record.at) };
}
