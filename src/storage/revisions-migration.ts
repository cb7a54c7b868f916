import type { Kysely } from 'kysely';
import type { OmegaSchema, RevisionTable } from './schema.js';

/** The kindMeta of a model or script as migration 0001 kept it: every version and tag inline. */
interface InlineHistory {
  revisions?: { version: string; kind: string; kindMeta: Record<string, unknown>; created: string }[];
  tags?: Record<string, string>;
  [key: string]: unknown;
}

/** Rows per insert, well below the bound-parameter limits of both engines. */
const BATCH = 500;

/**
 * Moves the `revisions` and `tags` that metadata rows of models and scripts carried in their
 * kind_meta into omega_revision and omega_revision_tag, leaving the latest version's kindMeta.
 */
export async function moveRevisionsOutOfMetadata(unknownDb: Kysely<unknown>): Promise<void> {
  const db = unknownDb as unknown as Kysely<OmegaSchema>;
  const rows = await db
    .selectFrom('omega_metadata')
    .select(['bucket', 'prefix', 'name', 'kind_meta'])
    .where('prefix', 'in', ['models/', 'scripts/'])
    .execute();
  for (const row of rows) {
    const { revisions = [], tags = {}, ...latest } = JSON.parse(row.kind_meta) as InlineHistory;
    const key = { bucket: row.bucket, prefix: row.prefix, name: row.name };
    const history: RevisionTable[] = revisions.map((revision, i) => ({
      ...key,
      seq: i + 1,
      version: revision.version,
      kind: revision.kind,
      kind_meta: JSON.stringify(revision.kindMeta),
      created: revision.created,
    }));
    for (let i = 0; i < history.length; i += BATCH) {
      await db
        .insertInto('omega_revision')
        .values(history.slice(i, i + BATCH))
        .execute();
    }
    const named = Object.entries(tags).filter(([tag]) => tag !== 'latest');
    if (named.length > 0) {
      await db
        .insertInto('omega_revision_tag')
        .values(named.map(([tag, version], i) => ({ ...key, tag, version, ordinal: i + 1 })))
        .execute();
    }
    await db
      .updateTable('omega_metadata')
      .set({ kind_meta: JSON.stringify(latest) })
      .where((eb) => eb.and(key))
      .execute();
  }
}
