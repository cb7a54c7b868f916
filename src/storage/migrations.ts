import type { Kysely } from 'kysely';
import type { Db, Dialect, Engine } from './engine.js';
import { sql } from './kysely.js';
import { moveRevisionsOutOfMetadata } from './revisions-migration.js';
import { newSecret, RUNTIME_SECRET } from './secret-repository.js';

interface Migration {
  up(db: Kysely<unknown>): Promise<void>;
}

/** Versioned schema migrations, applied in name order on open. Never edit a released one. */
function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_metadata': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('omega_metadata')
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('kind_meta', 'text', (c) => c.notNull())
          .addColumn('attributes', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('modified', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('omega_metadata_pk', ['bucket', 'prefix', 'name'])
          .execute();
        await db.schema.createIndex('omega_metadata_kind').on('omega_metadata').columns(['kind']).execute();
      },
    },
    '0002_blobs': {
      async up(db: Kysely<unknown>) {
        // Embedded (SQLite) contexts keep blobs as files; only PostgreSQL stores them in tables.
        if (dialect !== 'postgres') return;
        await db.schema
          .createTable('omega_blob')
          .addColumn('sha256', 'text', (c) => c.primaryKey())
          .addColumn('size', 'bigint', (c) => c.notNull())
          .addColumn('upload', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('omega_blob_chunk')
          .addColumn('upload', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('data', 'bytea', (c) => c.notNull())
          .addPrimaryKeyConstraint('omega_blob_chunk_pk', ['upload', 'seq'])
          .execute();
        await sql`alter table omega_blob_chunk alter column data set storage external`.execute(db);
      },
    },
    '0003_promotions': {
      async up(db: Kysely<unknown>) {
        // The ledger of promotions and rollbacks into this context; `seq` orders them.
        await db.schema
          .createTable('omega_promotion')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('id', 'text', (c) => c.notNull().unique())
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('user', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('record', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('omega_promotion_target')
          .on('omega_promotion')
          .columns(['bucket', 'prefix', 'name'])
          .execute();
      },
    },
    '0004_revisions': {
      async up(db: Kysely<unknown>) {
        // Versions of models and scripts, and their tags, which 0001 kept in kind_meta.
        await db.schema
          .createTable('omega_revision')
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('kind_meta', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('omega_revision_pk', ['bucket', 'prefix', 'name', 'seq'])
          .execute();
        await db.schema
          .createIndex('omega_revision_version')
          .on('omega_revision')
          .columns(['bucket', 'prefix', 'name', 'version'])
          .execute();
        await db.schema
          .createTable('omega_revision_tag')
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('tag', 'text', (c) => c.notNull())
          .addColumn('version', 'text', (c) => c.notNull())
          .addColumn('ordinal', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('omega_revision_tag_pk', ['bucket', 'prefix', 'name', 'tag'])
          .execute();
        await moveRevisionsOutOfMetadata(db);
      },
    },
    '0005_runtime_secret': {
      async up(db: Kysely<unknown>) {
        // The key that signs task messages: holders of the store can sign, holders of Redis alone cannot.
        await db.schema
          .createTable('omega_secret')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('previous', 'text')
          .addColumn('rotated', 'text', (c) => c.notNull())
          .execute();
        await sql`insert into omega_secret (name, value, rotated) values (${RUNTIME_SECRET}, ${newSecret()}, ${new Date().toISOString()})`.execute(
          db,
        );
      },
    },
    '0006_keys': {
      async up(db: Kysely<unknown>) {
        // API keys of this context (only a hash of each secret) and the audit log of requests made with them.
        await db.schema
          .createTable('omega_key')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('secret_sha256', 'text', (c) => c.notNull())
          .addColumn('buckets', 'text', (c) => c.notNull())
          .addColumn('roles', 'text', (c) => c.notNull())
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('expires', 'text')
          .addColumn('revoked', 'text')
          .execute();
        await db.schema
          .createTable('omega_audit')
          .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('key_id', 'text')
          .addColumn('key_name', 'text', (c) => c.notNull())
          .addColumn('method', 'text', (c) => c.notNull())
          .addColumn('route', 'text', (c) => c.notNull())
          .addColumn('object', 'text')
          .addColumn('status', 'integer', (c) => c.notNull())
          .addColumn('detail', 'text')
          .execute();
        await db.schema.createIndex('omega_audit_at').on('omega_audit').columns(['at']).execute();
      },
    },
    '0008_schedules': {
      async up(db: Kysely<unknown>) {
        // Schedules of jobs and scripts; `fired_due` is the lease: a scheduler fires a due time
        // only if it moved `fired_due` to it, so two schedulers never fire one run twice.
        await db.schema
          .createTable('omega_schedule')
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('prefix', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('cron', 'text', (c) => c.notNull())
          .addColumn('timezone', 'text', (c) => c.notNull())
          .addColumn('text', 'text')
          .addColumn('created', 'text', (c) => c.notNull())
          .addColumn('next_due', 'text', (c) => c.notNull())
          .addColumn('fired_due', 'text')
          .addPrimaryKeyConstraint('omega_schedule_pk', ['bucket', 'prefix', 'name'])
          .execute();
        await db.schema.createIndex('omega_schedule_next_due').on('omega_schedule').columns(['next_due']).execute();
      },
    },
    '0009_promotion_bundles': {
      async up(db: Kysely<unknown>) {
        // The bundle a ledger record belongs to: the records of one bundle promotion share it.
        await db.schema.alterTable('omega_promotion').addColumn('bundle', 'text').execute();
        await db.schema.createIndex('omega_promotion_bundle').on('omega_promotion').columns(['bundle']).execute();
      },
    },
    '0010_blob_chunk_written': {
      async up(db: Kysely<unknown>) {
        // gc removes the chunks of killed uploads, never those of an upload still being written:
        // each chunk says when it was written. SQLite keeps blobs as files (their mtime says it).
        if (dialect !== 'postgres') return;
        await sql`alter table omega_blob_chunk add column written timestamptz not null default now()`.execute(db);
      },
    },
  };
}

/**
 * Brings the schema up to date. A read tells whether a migration is due, so opening an up-to-date
 * store never waits for another process's write lock (a long put or promotion); only a due
 * migration takes the lock, and checks again inside it, so several processes opening the same
 * database at once apply each migration exactly once (DDL is transactional on both engines).
 */
export async function migrate(engine: Engine): Promise<void> {
  const pending = migrations(engine.dialect);
  const due = (applied: ReadonlySet<string>) => Object.keys(pending).some((name) => !applied.has(name));
  const reader = engine.db as unknown as Kysely<MigrationSchema>;
  if (!due(await appliedMigrations(reader, engine.dialect))) return;
  await engine.write(
    async (trx) => {
      const db = trx as unknown as Kysely<MigrationSchema>;
      await db.schema
        .createTable('omega_migration')
        .ifNotExists()
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('applied', 'text', (c) => c.notNull())
        .execute();
      const applied = await appliedMigrations(db, engine.dialect);
      for (const name of Object.keys(pending).sort()) {
        if (applied.has(name)) continue;
        await pending[name]?.up(trx as unknown as Kysely<unknown>);
        await db.insertInto('omega_migration').values({ name, applied: new Date().toISOString() }).execute();
      }
    },
    ['omega:migrate'],
  );
}

/** The names of the migrations applied so far; none before the ledger table exists. */
async function appliedMigrations(db: Kysely<MigrationSchema>, dialect: Dialect): Promise<Set<string>> {
  if (!(await hasMigrationTable(db, dialect))) return new Set();
  return new Set((await db.selectFrom('omega_migration').select('name').execute()).map((r) => r.name));
}

/** Whether the database has a schema at all: the ledger of migrations is its first table. */
export async function hasMigrationTable(db: Kysely<MigrationSchema> | Db, dialect: Dialect): Promise<boolean> {
  const found =
    dialect === 'postgres'
      ? sql<{ found: unknown }>`select to_regclass('omega_migration') as found`
      : sql<{
          found: unknown;
        }>`select name as found from sqlite_master where type = 'table' and name = 'omega_migration'`;
  const { rows } = await found.execute(db);
  return rows[0]?.found != null;
}

interface MigrationSchema {
  omega_migration: { name: string; applied: string };
}
