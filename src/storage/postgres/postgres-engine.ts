import pg from 'pg';
import { redactUrl } from '../../config/urls.js';
import { OmegaError, UnavailableError } from '../../errors.js';
import type { BlobStore } from '../blob-store.js';
import type { Connection } from '../connection.js';
import type { Db, Engine, Snapshot } from '../engine.js';
import { Kysely, PostgresDialect } from '../kysely.js';
import { migrate } from '../migrations.js';
import type { KeyTable, MetadataTable, OmegaSchema } from '../schema.js';
import { PgBlobStore } from './pg-blob-store.js';
import { postgresConnection } from './postgres-connection.js';
import { cannotConnect, postgresError, translatingPool } from './postgres-errors.js';
import { PostgresTables } from './postgres-tables.js';

const CONNECT_TIMEOUT_MS = 5_000;

/** A context in a PostgreSQL database; blobs live in chunk tables of the same database. */
export class PostgresEngine implements Engine {
  readonly dialect = 'postgres' as const;
  readonly db: Db;
  readonly blobs: BlobStore;
  readonly tables = new PostgresTables();
  readonly location: string;

  private readonly pool: pg.Pool;

  private constructor(url: string) {
    this.location = redactUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
    // A client losing its server must not crash the process, whether idle (the pool's 'error') or
    // checked out (its own 'error'): the query in flight, or the next one, reports it.
    this.pool.on('error', () => undefined);
    this.pool.on('connect', (client) => client.on('error', () => undefined));
    this.db = new Kysely<OmegaSchema>({
      dialect: new PostgresDialect({ pool: translatingPool(this.pool, this.location) }),
    });
    this.blobs = new PgBlobStore(this.db);
  }

  /** Opens (and, if it does not exist yet, creates) the database, then migrates it. */
  static async open(url: string): Promise<PostgresEngine> {
    try {
      return await PostgresEngine.connect(url);
    } catch (error) {
      if (pgCode(error) !== '3D000') throw error instanceof UnavailableError ? error : unavailable(url, error);
      await createDatabase(url).catch((cause) => {
        throw unavailable(url, cause);
      });
      return await PostgresEngine.connect(url).catch((cause) => {
        throw unavailable(url, cause);
      });
    }
  }

  private static async connect(url: string): Promise<PostgresEngine> {
    const engine = new PostgresEngine(url);
    try {
      await migrate(engine);
      return engine;
    } catch (error) {
      await engine.close();
      throw error;
    }
  }

  /** One pool client runs the transaction; the query builder and `raw` (COPY) share it. */
  async write<T>(fn: (trx: Db, raw: Connection) => Promise<T>, locks: readonly string[] = []): Promise<T> {
    const done = this.onClient(async (client) => {
      await client.query('begin');
      try {
        for (const key of [...new Set(locks)].sort()) {
          await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
        }
        const result = await fn(kyselyOn(client), postgresConnection(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    });
    return done.catch((error: unknown) => {
      throw postgresError(error);
    });
  }

  metadataRow(bucket: string, prefix: string, name: string): Promise<MetadataTable | undefined> {
    return this.db
      .selectFrom('omega_metadata')
      .selectAll()
      .where((eb) => eb.and({ bucket, prefix, name }))
      .executeTakeFirst();
  }

  keyRow(id: string): Promise<KeyTable | undefined> {
    return this.db.selectFrom('omega_key').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async openSnapshot(): Promise<Snapshot> {
    const client = await this.pool.connect().catch((cause) => {
      throw cannotConnect(this.location, cause);
    });
    try {
      await client.query('begin isolation level repeatable read read only');
    } catch (error) {
      client.release(error as Error);
      throw postgresError(error);
    }
    return {
      raw: postgresConnection(client),
      close: async () => {
        const failed = await client.query('rollback').then(
          () => undefined,
          (error: Error) => error,
        );
        client.release(failed);
      },
    };
  }

  private async onClient<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect().catch((cause) => {
      throw cannotConnect(this.location, cause);
    });
    let broken: Error | undefined;
    try {
      return await fn(client);
    } catch (error) {
      // A connection that failed (not a statement) must not go back to the pool.
      if (connectionFailed(error)) broken = error as Error;
      throw error;
    } finally {
      client.release(broken);
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

function connectionFailed(error: unknown): boolean {
  if (error instanceof UnavailableError) return true;
  return (
    error instanceof Error && !(error instanceof OmegaError) && !('code' in error && typeof error.code === 'string')
  );
}

/** A query builder over one reserved client; releasing it is left to its owner. */
function kyselyOn(client: pg.PoolClient): Db {
  const borrowed = { query: client.query.bind(client), release: () => undefined };
  const pool = { connect: async () => borrowed, end: async () => undefined };
  return new Kysely<OmegaSchema>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
}

/** Creates the database named in `url` through the server's `postgres` maintenance database. */
async function createDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const database = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({
    connectionString: maintenance.toString(),
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  });
  await client.connect();
  try {
    await client.query(`create database ${pg.escapeIdentifier(database)}`);
  } catch (error) {
    // Created concurrently by someone else: 42P04 once it is committed, 23505 (unique violation on
    // pg_database_datname_index) when both CREATE DATABASE statements overlap.
    if (pgCode(error) !== '42P04' && pgCode(error) !== '23505') throw error;
  } finally {
    await client.end();
  }
}

/** The SQLSTATE of a driver error, also when it is the cause of an UnavailableError. */
function pgCode(error: unknown): string | undefined {
  if (error instanceof UnavailableError) return pgCode(error.cause);
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function unavailable(url: string, cause: unknown): UnavailableError {
  // A refused connection to a host with several addresses is an AggregateError without a message.
  const first = cause instanceof AggregateError ? cause.errors[0] : cause;
  const reason = first instanceof Error ? first.message || pgCode(first) || first.name : String(first);
  return new UnavailableError(`cannot open PostgreSQL store ${redactUrl(url)}: ${reason}`, { cause });
}
