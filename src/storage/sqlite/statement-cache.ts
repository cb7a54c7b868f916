import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Statements kept per connection; our queries come from a small, fixed set of shapes. */
const CAPACITY = 256;

/**
 * The connection as Kysely's SQLite dialect sees it, reusing prepared statements by SQL text:
 * better-sqlite3 compiles a statement in tens of microseconds, more than most of our queries
 * take to run. A statement still being iterated is never handed out twice.
 */
export function cachingStatements(db: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const cached = statements.get(sql);
      if (cached && !cached.busy) return cached as unknown as SqliteStatement;
      const statement = db.prepare(sql);
      if (!cached) {
        if (statements.size >= CAPACITY) statements.delete(statements.keys().next().value as string);
        statements.set(sql, statement);
      }
      return statement as unknown as SqliteStatement;
    },
  };
}
