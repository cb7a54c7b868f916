// Each engine turns the driver errors that mean something to a caller into typed errors: a
// missing dataset table, a locked database, a broken constraint, a server that cannot be reached.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { ConflictError, UnavailableError } from '../../src/errors.js';
import { postgresError } from '../../src/storage/postgres/postgres-errors.js';
import { sqliteError } from '../../src/storage/sqlite/sqlite-errors.js';
import { MissingTableError } from '../../src/storage/tables/missing-table.js';
import { PG_URL } from '../helpers/engines.js';

const TABLE = 'omega_t_0123456789abcdef01234567';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail('expected a driver error');
}

async function rejected(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('expected a driver error'),
    (error: unknown) => error,
  );
}

describe('SQLite driver errors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'omegats-errors-'));
  const path = join(dir, 'x.db');
  const db = new Database(path);
  db.exec('create table t (k integer primary key)');
  after(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a missing dataset table is a MissingTableError naming it', () => {
    const error = sqliteError(thrown(() => db.prepare(`select * from "${TABLE}"`).all()));
    assert.ok(error instanceof MissingTableError);
    assert.equal(error.table, TABLE);
  });

  it('a broken constraint and a locked database are ConflictErrors', () => {
    db.exec('insert into t values (1)');
    assert.ok(sqliteError(thrown(() => db.exec('insert into t values (1)'))) instanceof ConflictError);
    const other = new Database(path, { timeout: 0 });
    try {
      db.exec('begin immediate');
      assert.ok(sqliteError(thrown(() => other.exec('begin immediate'))) instanceof ConflictError);
    } finally {
      db.exec('rollback');
      other.close();
    }
  });

  it('anything else is left as it is', () => {
    const error = thrown(() => db.exec('select nonsense from'));
    assert.equal(sqliteError(error), error);
  });
});

describe('PostgreSQL driver errors', { skip: !PG_URL }, () => {
  it('a missing table, a broken constraint, a refused connection are typed', async () => {
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const missing = postgresError(await rejected(client.query(`select * from "${TABLE}"`)));
      assert.ok(missing instanceof MissingTableError);
      assert.equal(missing.table, TABLE);
      await client.query('create temporary table t (k integer primary key)');
      await client.query('insert into t values (1)');
      assert.ok(postgresError(await rejected(client.query('insert into t values (1)'))) instanceof ConflictError);
      const other = await rejected(client.query('select nonsense from'));
      assert.equal(postgresError(other), other);
    } finally {
      await client.end();
    }
    const refused = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/postgres' });
    assert.ok(postgresError(await rejected(refused.connect())) instanceof UnavailableError);
  });
});
