import { byCodePoint } from '../util/sort.js';
import type { Db, Engine } from './engine.js';
import { namePatternCondition, visibleNameCondition } from './name-pattern.js';
import type { MetadataTable } from './schema.js';

/** One object of one store of one bucket. */
export interface ObjectKey {
  readonly bucket: string;
  readonly prefix: string;
  readonly name: string;
}

/** Which names of a store a listing selects. */
export interface NameSelection {
  readonly bucket: string;
  readonly prefix: string;
  /** `*` matches any characters, `/` included; anchored. */
  readonly pattern?: string | undefined;
  readonly kind?: string | undefined;
  /** Names starting with `.`. */
  readonly hidden?: boolean | undefined;
  /** Names starting with `_`. */
  readonly includeTemp?: boolean | undefined;
}

/**
 * The one owner of omega_metadata, one row per stored object: the commit point of every put,
 * drop and promotion. Reads outside a transaction take the engine's fast path; writes take the
 * transaction they are given.
 */
export class MetadataRepository {
  constructor(private readonly engine: Engine) {}

  /** The row of one object, outside any transaction: the hot path of every get and task. */
  get(key: ObjectKey): Promise<MetadataTable | undefined> {
    return this.engine.metadataRow(key.bucket, key.prefix, key.name);
  }

  /** The row of one object as the transaction `trx` sees it. */
  read(trx: Db, key: ObjectKey): Promise<MetadataTable | undefined> {
    return trx
      .selectFrom('omega_metadata')
      .selectAll()
      .where((eb) => eb.and(keyOf(key)))
      .executeTakeFirst();
  }

  async upsert(trx: Db, row: MetadataTable): Promise<void> {
    await trx
      .insertInto('omega_metadata')
      .values(row)
      .onConflict((c) =>
        c.columns(['bucket', 'prefix', 'name']).doUpdateSet({
          kind: row.kind,
          kind_meta: row.kind_meta,
          attributes: row.attributes,
          modified: row.modified,
        }),
      )
      .execute();
  }

  async delete(trx: Db, key: ObjectKey): Promise<void> {
    await trx
      .deleteFrom('omega_metadata')
      .where((eb) => eb.and(keyOf(key)))
      .execute();
  }

  /** The selected names, sorted by code point; no kindMeta is read. */
  async names(selection: NameSelection): Promise<string[]> {
    const rows = await this.selecting(selection).select('name').execute();
    return rows.map((row) => row.name).sort(byCodePoint);
  }

  /** The selected rows, sorted by name (code point). */
  async rows(selection: NameSelection): Promise<MetadataTable[]> {
    const rows = await this.selecting(selection).selectAll().execute();
    return rows.sort((a, b) => byCodePoint(a.name, b.name));
  }

  /** Names of the buckets that hold at least one object, sorted. */
  async buckets(): Promise<string[]> {
    const rows = await this.engine.db.selectFrom('omega_metadata').select('bucket').distinct().execute();
    return rows.map((row) => row.bucket).sort(byCodePoint);
  }

  private selecting(selection: NameSelection) {
    let query = this.engine.db
      .selectFrom('omega_metadata')
      .where('bucket', '=', selection.bucket)
      .where('prefix', '=', selection.prefix);
    if (selection.kind !== undefined) query = query.where('kind', '=', selection.kind);
    if (selection.pattern) query = query.where(namePatternCondition(this.engine.dialect, selection.pattern));
    const visible = visibleNameCondition(selection.hidden === true, selection.includeTemp === true);
    return visible ? query.where(visible) : query;
  }
}

export function keyOf(key: ObjectKey): ObjectKey {
  return { bucket: key.bucket, prefix: key.prefix, name: key.name };
}
