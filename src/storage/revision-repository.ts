import type { Db } from './engine.js';
import { sql } from './kysely.js';
import { keyOf, type ObjectKey } from './metadata-repository.js';
import type { RevisionTable } from './schema.js';

export type RevisionRow = Pick<RevisionTable, 'seq' | 'version' | 'kind' | 'kind_meta' | 'created'>;
export type RevisionHead = Pick<RevisionTable, 'seq' | 'version' | 'kind'>;

const REVISION = ['seq', 'version', 'kind', 'kind_meta', 'created'] as const;

/**
 * The versions of models and scripts (omega_revision) and their tags (omega_revision_tag), on
 * the handle it is given: the engine's, or a write transaction's.
 */
export class RevisionRepository {
  constructor(private readonly db: Db) {}

  /** The newest version, without its kindMeta. */
  head(key: ObjectKey): Promise<RevisionHead | undefined> {
    return this.db
      .selectFrom('omega_revision')
      .select(['seq', 'version', 'kind'])
      .where((eb) => eb.and(keyOf(key)))
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async append(key: ObjectKey, revision: RevisionRow): Promise<void> {
    await this.db
      .insertInto('omega_revision')
      .values({ ...keyOf(key), ...revision })
      .execute();
  }

  /** Moves `tag` to `version`; a new tag lists after the existing ones. */
  async moveTag(key: ObjectKey, tag: string, version: string): Promise<void> {
    const { bucket, prefix, name } = key;
    await this.db
      .insertInto('omega_revision_tag')
      .values((eb) => ({
        bucket,
        prefix,
        name,
        tag,
        version,
        ordinal: eb
          .selectFrom('omega_revision_tag')
          .select(sql<number>`coalesce(max(ordinal), 0) + 1`.as('next'))
          .where((w) => w.and(keyOf(key))),
      }))
      .onConflict((c) => c.columns(['bucket', 'prefix', 'name', 'tag']).doUpdateSet({ version }))
      .execute();
  }

  /** Forgets every version and tag of the object. */
  async clear(key: ObjectKey): Promise<void> {
    await this.db
      .deleteFrom('omega_revision')
      .where((eb) => eb.and(keyOf(key)))
      .execute();
    await this.db
      .deleteFrom('omega_revision_tag')
      .where((eb) => eb.and(keyOf(key)))
      .execute();
  }

  /** The version `back` steps before the newest (0: the newest). */
  back(key: ObjectKey, back: number): Promise<RevisionRow | undefined> {
    return this.db
      .selectFrom('omega_revision')
      .select(REVISION)
      .where((eb) => eb.and(keyOf(key)))
      .orderBy('seq', 'desc')
      .limit(1)
      .offset(back)
      .executeTakeFirst();
  }

  /** The newest revision of the version a tag names. */
  tagged(key: ObjectKey, tag: string): Promise<RevisionRow | undefined> {
    const { bucket, prefix, name } = key;
    return this.db
      .selectFrom('omega_revision as r')
      .innerJoin('omega_revision_tag as t', (join) =>
        join
          .onRef('t.bucket', '=', 'r.bucket')
          .onRef('t.prefix', '=', 'r.prefix')
          .onRef('t.name', '=', 'r.name')
          .onRef('t.version', '=', 'r.version'),
      )
      .select(['r.seq', 'r.version', 'r.kind', 'r.kind_meta', 'r.created'])
      .where((eb) => eb.and({ 't.bucket': bucket, 't.prefix': prefix, 't.name': name, 't.tag': tag }))
      .orderBy('r.seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** The newest revision of `version`. */
  newestOf(key: ObjectKey, version: string): Promise<RevisionRow | undefined> {
    return this.db
      .selectFrom('omega_revision')
      .select(REVISION)
      .where((eb) => eb.and({ ...keyOf(key), version }))
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /** Up to `limit` distinct versions starting with `start` (compared as text, not as a pattern). */
  async versionsStartingWith(key: ObjectKey, start: string, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('omega_revision')
      .select('version')
      .distinct()
      .where((eb) => eb.and(keyOf(key)))
      .where(sql<boolean>`substr(version, 1, ${sql.lit(start.length)}) = ${start}`)
      .limit(limit)
      .execute();
    return rows.map((row) => row.version);
  }

  async count(key: ObjectKey): Promise<number> {
    const row = await this.db
      .selectFrom('omega_revision')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where((eb) => eb.and(keyOf(key)))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Every version with its kindMeta, oldest first (archives carry them all). */
  history(key: ObjectKey): Promise<RevisionRow[]> {
    return this.db
      .selectFrom('omega_revision')
      .select(REVISION)
      .where((eb) => eb.and(keyOf(key)))
      .orderBy('seq')
      .execute();
  }

  /** Every version, oldest first, without kindMeta. */
  list(key: ObjectKey): Promise<Pick<RevisionTable, 'version' | 'created'>[]> {
    return this.db
      .selectFrom('omega_revision')
      .select(['version', 'created'])
      .where((eb) => eb.and(keyOf(key)))
      .orderBy('seq')
      .execute();
  }

  /** The tags (`latest` excepted) in the order they were first set. */
  tags(key: ObjectKey): Promise<{ tag: string; version: string }[]> {
    return this.db
      .selectFrom('omega_revision_tag')
      .select(['tag', 'version'])
      .where((eb) => eb.and(keyOf(key)))
      .orderBy('ordinal')
      .execute();
  }
}
