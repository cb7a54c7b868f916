import type Database from 'better-sqlite3';

interface PendingRead {
  readonly table: CommittedRows<unknown>;
  readonly key: string;
  readonly resolve: (row: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The reads of committed rows of one connection, kept while nothing is committed, and answered
 * in batches. A read waits for the next `setImmediate`; there one check — SQLite's `data_version`
 * (commits of every other connection, other processes included) and this connection's
 * `total_changes()` (its own writes) — says whether the cached rows still hold. The check starts
 * after every read it answers was issued, so each read sees every commit that happened before it
 * was made: the same guarantee as a query, for one check per batch instead of one query (and its
 * file locks) per read. Reads that answered reads lead to (a request's key, then its model) are
 * answered once that turn's promise jobs have run, after a check of their own, not a turn later.
 * While this connection has a write transaction open, reads take their table's `whileWriting`
 * path (which waits for the transaction), and the cache is left alone. Cached rows are shared:
 * read only.
 */
export class CommittedReads {
  private readonly tables: CommittedRows<unknown>[] = [];
  private readonly versionStatement: Database.Statement;
  private readonly changesStatement: Database.Statement;
  private pending: PendingRead[] = [];
  /** True from a batch's answers until the promise jobs they started have run. */
  private answering = false;
  private version = -1;
  private changes = -1;

  constructor(private readonly db: Database.Database) {
    this.versionStatement = db.prepare('pragma data_version').pluck();
    this.changesStatement = db.prepare('select total_changes()').pluck();
  }

  /** A cache of one table's rows by key: `load` reads a row on this connection. */
  table<T>(
    load: (key: string) => T | undefined,
    whileWriting: (key: string) => Promise<T | undefined>,
    capacity = 1024,
  ): CommittedRows<T> {
    const table = new CommittedRows<T>(this, load, whileWriting, capacity);
    this.tables.push(table as CommittedRows<unknown>);
    return table;
  }

  /** @internal Queues a read for the next batch. */
  enqueue(read: PendingRead): void {
    if (this.pending.length === 0 && !this.answering) setImmediate(() => this.answer());
    this.pending.push(read);
  }

  private answer(): void {
    const reads = this.pending;
    this.pending = [];
    if (this.db.inTransaction) {
      for (const read of reads) read.table.whileWriting(read.key).then(read.resolve, read.reject);
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
        read.resolve(read.table.row(read.key));
      } catch (error) {
        read.reject(error);
      }
    }
    this.answering = true;
    // A job queued now runs after the answers' first steps; a tick it queues, once all jobs have run.
    queueMicrotask(() =>
      process.nextTick(() => {
        this.answering = false;
        if (this.pending.length > 0) this.answer();
      }),
    );
  }

  /** Empties the caches when anything was committed since the last check. */
  private checkUnchanged(): void {
    const version = this.versionStatement.get() as number;
    const changes = this.changesStatement.get() as number;
    if (version === this.version && changes === this.changes) return;
    for (const table of this.tables) table.clear();
    this.version = version;
    this.changes = changes;
  }
}

/** The cached rows of one table, read through its connection's CommittedReads. */
export class CommittedRows<T> {
  private readonly rows = new Map<string, T | undefined>();

  constructor(
    private readonly reads: CommittedReads,
    private readonly load: (key: string) => T | undefined,
    /** @internal The row of `key` while this connection writes: waits for the transaction. */
    readonly whileWriting: (key: string) => Promise<T | undefined>,
    private readonly capacity: number,
  ) {}

  /** The row of `key`: cached while the database is unchanged, else loaded. */
  read(key: string): Promise<T | undefined> {
    return new Promise((resolve, reject) => {
      this.reads.enqueue({
        table: this as CommittedRows<unknown>,
        key,
        resolve: resolve as (row: unknown) => void,
        reject,
      });
    });
  }

  /** @internal Forgets every row (something was committed). */
  clear(): void {
    this.rows.clear();
  }

  /** @internal The cached row of `key`, loaded on a miss; called only after a check. */
  row(key: string): T | undefined {
    if (this.rows.has(key)) return this.rows.get(key);
    const row = this.load(key);
    if (this.rows.size >= this.capacity) this.rows.delete(this.rows.keys().next().value as string);
    this.rows.set(key, row);
    return row;
  }
}
