import type Database from 'better-sqlite3';

interface PendingRead<T> {
  readonly key: string;
  readonly resolve: (row: T | undefined) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Rows of committed state, kept while nothing is committed, and the reads of one event-loop turn
 * answered together. A read waits for the next `setImmediate`; there one check — SQLite's
 * `data_version` (commits of every other connection, other processes included) and this
 * connection's `total_changes()` (its own writes) — says whether the cached rows still hold. The
 * check starts after every read it answers was issued, so each read sees every commit that
 * happened before it was made: the same guarantee as a query, for one check per turn instead of
 * one query (and its file locks) per read. While this connection has a write transaction open,
 * reads go to `whileWriting` (which waits for the transaction), and the cache is left alone.
 * Cached rows are shared: read only.
 */
export class CommittedRows<T> {
  private readonly rows = new Map<string, T | undefined>();
  private readonly versionStatement: Database.Statement;
  private readonly changesStatement: Database.Statement;
  private pending: PendingRead<T>[] = [];
  private version = -1;
  private changes = -1;

  constructor(
    private readonly db: Database.Database,
    private readonly whileWriting: (key: string) => Promise<T | undefined>,
    /** The row of a key, read on this connection. */
    private readonly load: (key: string) => T | undefined,
    private readonly capacity = 1024,
  ) {
    this.versionStatement = db.prepare('pragma data_version').pluck();
    this.changesStatement = db.prepare('select total_changes()').pluck();
  }

  /** The row of `key`: cached while the database is unchanged, else loaded. */
  read(key: string): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) setImmediate(() => this.answer());
      this.pending.push({ key, resolve, reject });
    });
  }

  private answer(): void {
    const reads = this.pending;
    this.pending = [];
    if (this.db.inTransaction) {
      for (const read of reads) this.whileWriting(read.key).then(read.resolve, read.reject);
      return;
    }
    try {
      this.checkUnchanged();
    } catch (error) {
      for (const read of reads) read.reject(error);
      return;
    }
    for (const read of reads) {
      try {
        read.resolve(this.row(read.key));
      } catch (error) {
        read.reject(error);
      }
    }
  }

  /** Empties the cache when anything was committed since the last check. */
  private checkUnchanged(): void {
    const version = this.versionStatement.get() as number;
    const changes = this.changesStatement.get() as number;
    if (version === this.version && changes === this.changes) return;
    this.rows.clear();
    this.version = version;
    this.changes = changes;
  }

  private row(key: string): T | undefined {
    if (this.rows.has(key)) return this.rows.get(key);
    const row = this.load(key);
    if (this.rows.size >= this.capacity) this.rows.delete(this.rows.keys().next().value as string);
    this.rows.set(key, row);
    return row;
  }
}
