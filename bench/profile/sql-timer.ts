import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';

/** Time spent per SQL statement (its text, numbers and lists folded), and how often it ran. */
export class SqlTimer {
  readonly spent = new Map<string, { ms: number; calls: number }>();

  add(sql: string, ms: number): void {
    const key = sql
      .replace(/\s+/g, ' ')
      .replace(/"?t_[0-9a-z_]+"?/g, 'T')
      .replace(/(\(\?[, ?]*\)[, ]*)+/g, '(…)')
      .slice(0, 110);
    const entry = this.spent.get(key) ?? { ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls++;
    this.spent.set(key, entry);
  }

  /** The statements by time spent, most first; then resets. */
  report(): string {
    const lines = [...this.spent]
      .sort((a, b) => b[1].ms - a[1].ms)
      .map(([sql, { ms, calls }]) => `${ms.toFixed(1).padStart(9)} ms ${String(calls).padStart(6)}×  ${sql}`);
    this.spent.clear();
    return lines.join('\n');
  }
}

/**
 * Wraps better-sqlite3's exec and Statement run/all/get/iterate, and pg's Client.query, so each
 * statement's time goes to `timer` (pg: until its promise settles). For profiling runs only.
 */
export function timeSql(timer: SqlTimer): void {
  const db = new Database(':memory:');
  const statement = Object.getPrototypeOf(db.prepare('select 1')) as Record<string, unknown>;
  const sourceOf = (self: unknown) => (self as { source: string }).source;
  for (const method of ['run', 'all', 'get'] as const) {
    const original = statement[method] as (...args: unknown[]) => unknown;
    statement[method] = function (this: unknown, ...args: unknown[]) {
      const start = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        timer.add(sourceOf(this), performance.now() - start);
      }
    };
  }
  db.close();
  const proto = Database.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const exec = proto.exec as (...args: unknown[]) => unknown;
  proto.exec = function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    try {
      return exec.apply(this, args);
    } finally {
      timer.add(String(args[0]), performance.now() - start);
    }
  };
  const client = pg.Client.prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
  const query = client.query as (...args: unknown[]) => unknown;
  client.query = function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    const result = query.apply(this, args);
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string })?.text ?? 'stream');
    if (result instanceof Promise) {
      return result.finally(() => timer.add(text, performance.now() - start));
    }
    return result;
  };
}
