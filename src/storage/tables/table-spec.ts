import type { Predicate } from '../../datasets/filter.js';
import type { StoredColumn } from '../../datasets/table-meta.js';

export type AggregateFunction = 'sum' | 'mean' | 'min' | 'max' | 'count' | 'std';

export interface SortKey {
  readonly column: StoredColumn;
  readonly descending: boolean;
}

/** A checked query over one table: every column comes from its metadata, every value is bound. */
export interface TableQuerySpec {
  readonly table: string;
  readonly where: readonly Predicate[];
  readonly sort: readonly SortKey[];
  readonly limit?: number;
  readonly offset?: number;
}

export interface Aggregate {
  readonly column: StoredColumn;
  readonly fn: AggregateFunction;
}

export interface CompiledSql {
  readonly text: string;
  readonly params: unknown[];
  /** Some result column holds 64-bit integers (SQLite then returns every integer as a bigint). */
  readonly bigints?: boolean;
}
