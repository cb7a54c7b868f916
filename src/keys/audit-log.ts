import type { Selectable } from 'kysely';
import { ValidationError } from '../errors.js';
import { AuditRepository } from '../storage/audit-repository.js';
import type { Db, Engine } from '../storage/engine.js';
import type { AuditTable } from '../storage/schema.js';
import { pointInTime } from '../util/duration.js';

/** One row of a context's audit log (API.md §11). */
export interface AuditEntry {
  /** Orders the log. */
  seq: number;
  at: Date;
  /** The caller's key; null for a change made in-process (the CLI) or without auth. */
  keyId: string | null;
  /** The key's name, or the user of an in-process change. */
  keyName: string;
  /** The HTTP method, or `LOCAL` for an in-process change. */
  method: string;
  /** The route (`/api/v1/model/*`), or what was called in-process (`keys.create`). */
  route: string;
  /** The object the request named, if any. */
  object: string | null;
  /** The HTTP status of the answer (200 for an in-process change that succeeded). */
  status: number;
  detail?: string;
}

/** What the audit log is told: an entry without its sequence number (and, by default, now). */
export type AuditRecord = Omit<AuditEntry, 'seq' | 'at' | 'detail'> & { at?: Date; detail?: string | undefined };

export interface AuditQuery {
  /** Entries at or after: a Date, an ISO date, or a duration back from now such as `1h`. */
  since?: Date | string;
  /** At most this many, the newest ones. */
  limit?: number;
}

/** Longer details are cut: a row stays small whatever an error said. */
const MAX_DETAIL = 1000;

/** A context's append-only log of mutating requests and key changes. */
export class AuditLog {
  private readonly repository: AuditRepository;

  constructor(private readonly engine: Engine) {
    this.repository = new AuditRepository(engine);
  }

  /** Appends `record` in a transaction of its own. */
  async append(record: AuditRecord): Promise<void> {
    await this.engine.write((trx) => this.appendIn(trx, record));
  }

  /** Appends `record` in the caller's transaction `trx`, so that it commits with what it records. */
  async appendIn(trx: Db, record: AuditRecord): Promise<void> {
    await this.repository.append(trx, {
      at: (record.at ?? new Date()).toISOString(),
      key_id: record.keyId,
      key_name: record.keyName,
      method: record.method,
      route: record.route,
      object: record.object,
      status: record.status,
      detail: record.detail === undefined ? null : record.detail.slice(0, MAX_DETAIL),
    });
  }

  /** The selected entries, oldest first. */
  async read(query: AuditQuery = {}): Promise<AuditEntry[]> {
    const { since, limit } = query;
    if (limit !== undefined && !(Number.isSafeInteger(limit) && limit > 0)) {
      throw new ValidationError(`limit must be a positive integer, got ${String(limit)}`);
    }
    const rows = await this.repository.read({
      since: since === undefined ? undefined : pointInTime(since, 'since', new Date(), 'back').toISOString(),
      limit,
    });
    return rows.map(entryOf);
  }
}

function entryOf(row: Selectable<AuditTable>): AuditEntry {
  return {
    seq: Number(row.seq),
    at: new Date(row.at),
    keyId: row.key_id,
    keyName: row.key_name,
    method: row.method,
    route: row.route,
    object: row.object,
    status: Number(row.status),
    ...(row.detail === null ? {} : { detail: row.detail }),
  };
}
