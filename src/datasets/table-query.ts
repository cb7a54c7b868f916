import type * as arrow from 'apache-arrow';
import { ValidationError } from '../errors.js';
import type { Connection } from '../storage/engine.js';
import { MissingTableError } from '../storage/tables/missing-table.js';
import type { TableDriver } from '../storage/tables/table-driver.js';
import type { Aggregate, AggregateFunction, SortKey, TableQuerySpec } from '../storage/tables/table-spec.js';
import { toArrowTable } from './arrow.js';
import { RowDecoder } from './decode.js';
import { type Filter, knownColumns, parseFilter } from './filter.js';
import { jsonTexts } from './json-texts.js';
import type { StoredColumn, TableMeta } from './table-meta.js';
import { namingDataset, readTableMeta, type TableSource } from './table-source.js';
import type { ColumnType, Row } from './types.js';
import { isPlainObject } from './values/kinds.js';

export const AGGREGATES: readonly AggregateFunction[] = ['sum', 'mean', 'min', 'max', 'count', 'std'];
const NUMERIC: readonly ColumnType[] = ['integer', 'bigint', 'float'];
const ORDERED: readonly ColumnType[] = [...NUMERIC, 'text', 'timestamp'];

interface QueryState {
  readonly filters: readonly Filter[];
  readonly columns?: readonly string[];
  readonly sort: readonly string[];
  readonly limit?: number;
  readonly offset?: number;
}

/** What a query resolves to against the table's metadata. */
interface Resolved {
  readonly spec: TableQuerySpec;
  readonly columns: readonly StoredColumn[];
}

/**
 * A lazy, immutable query over a table dataset (`om.datasets.getl`): every method returns a new
 * query; nothing runs until `count`, `toArray`, `toColumns`, `toArrow` or `chunks`, and then
 * all of it runs in the database, against the table as of one snapshot.
 */
export class TableQuery {
  constructor(
    private readonly source: TableSource,
    private readonly state: QueryState = { filters: [], sort: [] },
  ) {}

  /** Adds conditions (AND-ed with the ones before), e.g. `{ region__in: ['EU'], amount__gte: 10 }`. */
  where(filter: Filter): TableQuery {
    if (!isPlainObject(filter)) {
      throw new ValidationError("filter must be a plain object of conditions, e.g. { region: 'EU' }");
    }
    return this.with({ filters: [...this.state.filters, filter] });
  }

  /** The columns to return, in this order. */
  select(...columns: (string | readonly string[])[]): TableQuery {
    const names = columns.flat();
    if (names.length === 0 || !names.every((c) => typeof c === 'string')) {
      throw new ValidationError('select() takes one or more column names');
    }
    return this.with({ columns: names });
  }

  /** Sort keys, `'amount'` ascending, `'-amount'` descending; nulls last; ties keep row order. */
  sort(...keys: (string | readonly string[])[]): TableQuery {
    const names = keys.flat();
    if (!names.every((k) => typeof k === 'string' && k !== '' && k !== '-')) {
      throw new ValidationError('sort() takes column names, "-name" for descending');
    }
    return this.with({ sort: names });
  }

  limit(n: number): TableQuery {
    return this.with({ limit: count(n, 'limit') });
  }

  skip(n: number): TableQuery {
    return this.with({ offset: count(n, 'skip') });
  }

  /** The number of rows the query selects; counted in the database. */
  count(): Promise<number> {
    return this.run((conn, meta) => this.source.engine.tables.count(conn, this.resolve(meta).spec));
  }

  toArray(): Promise<Row[]> {
    return this.fetch((decoder, raw) => decoder.rows(raw));
  }

  /** `{ column: [values…] }` */
  toColumns(): Promise<Record<string, unknown[]>> {
    return this.fetch((decoder, raw) => decoder.columns(raw));
  }

  async toArrow(): Promise<arrow.Table> {
    const columns = await this.fetch((decoder, raw, output) => ({ output, values: decoder.columns(raw) }));
    return toArrowTable(columns.output, columns.values);
  }

  /** The rows in arrays of at most `size`, streamed from one snapshot with bounded memory. */
  chunks(size: number): AsyncGenerator<Row[]> {
    return this.stream(size, async function* (tables, conn, { spec, columns }, n) {
      const decoder = new RowDecoder(tables, columns);
      for await (const raw of tables.cursor(conn, spec, columns, n)) yield decoder.rows(raw);
    });
  }

  /**
   * @internal The rows as JSON object texts (keys in column order; a timestamp its ISO text, a
   * bigint its exact digits, NaN and ±Infinity null), as `chunks` streams them. The database writes
   * them where its dialect can (about half the cost): SQLite's floats have up to 17 significant
   * digits (the same doubles); else JSON.stringify does.
   */
  jsonChunks(size: number): AsyncGenerator<string[]> {
    return this.stream(size, async function* (tables, conn, { spec, columns }, n) {
      const written = tables.jsonCursor(conn, spec, columns, n);
      if (written) return yield* written;
      const decoder = new RowDecoder(tables, columns);
      for await (const raw of tables.cursor(conn, spec, columns, n)) yield jsonTexts(decoder.rows(raw), columns);
    });
  }

  /** Groups the selected rows; `.agg({ amount: ['sum', 'mean'] })` computes per group. */
  groupBy(...columns: (string | readonly string[])[]): GroupedQuery {
    const names = columns.flat();
    if (!names.every((c) => typeof c === 'string')) throw new ValidationError('groupBy() takes column names');
    if (this.state.sort.length > 0) {
      throw new ValidationError('a grouped query is ordered by its group columns; remove sort()');
    }
    return new GroupedQuery(this, names);
  }

  /**
   * @internal Runs `fn` on the table's metadata and rows as of one snapshot, retried once if the
   * table was replaced meanwhile; a table still missing then is an IntegrityError.
   */
  async run<T>(fn: (conn: Connection, meta: TableMeta) => Promise<T>, retry = true): Promise<T> {
    const snapshot = await this.source.engine.openSnapshot();
    try {
      return await fn(snapshot.raw, await readTableMeta(snapshot.raw, this.source));
    } catch (error) {
      // Awaited here: a bare `return` would leave the retry's rejection unhandled until `finally` ends.
      if (retry && error instanceof MissingTableError) return await this.run(fn, false);
      throw namingDataset(error, this.source.label);
    } finally {
      await snapshot.close();
    }
  }

  /** @internal */
  resolve(meta: TableMeta): Resolved {
    const byName = new Map(meta.columns.map((c) => [c.name, c]));
    const column = (name: string, role: string) => {
      const found = byName.get(name);
      if (!found) {
        throw new ValidationError(
          `${role}: unknown column ${JSON.stringify(name)} in ${this.source.label} (columns: ${knownColumns(byName)})`,
        );
      }
      return found;
    };
    const columns = this.state.columns
      ? [...new Set(this.state.columns)].map((c) => column(c, 'select'))
      : meta.columns;
    const sort: SortKey[] = this.state.sort.map((key) => {
      const descending = key.startsWith('-') && !byName.has(key);
      const found = column(descending ? key.slice(1) : key, 'sort');
      if (found.type === 'json')
        throw new ValidationError(`sort: json column ${JSON.stringify(found.name)} has no order`);
      return { column: found, descending };
    });
    const where = this.state.filters.flatMap((f) => parseFilter(f, meta.columns));
    return { spec: { table: meta.table, where, sort, limit: this.state.limit, offset: this.state.offset }, columns };
  }

  /** The columns this query returns, given the table's. */
  selectedColumns(columns: readonly StoredColumn[]): StoredColumn[] {
    if (!this.state.columns) return [...columns];
    const byName = new Map(columns.map((c) => [c.name, c]));
    return [...new Set(this.state.columns)].map((name) => {
      const column = byName.get(name);
      if (!column)
        throw new ValidationError(
          `select: unknown column ${JSON.stringify(name)} in ${this.source.label} (columns: ${knownColumns(byName)})`,
        );
      return column;
    });
  }

  /** @internal */
  get tableSource(): TableSource {
    return this.source;
  }

  private fetch<T>(shape: (decoder: RowDecoder, raw: unknown[][], output: readonly StoredColumn[]) => T): Promise<T> {
    return this.run(async (conn, meta) => {
      const tables = this.source.engine.tables;
      const { spec, columns } = this.resolve(meta);
      const rows = await tables.select(conn, spec, columns);
      return shape(new RowDecoder(tables, columns), rows, columns);
    });
  }

  /** What `read` yields from the query's rows, in chunks of at most `size`, from one snapshot. */
  private async *stream<T>(
    size: number,
    read: (tables: TableDriver, conn: Connection, query: Resolved, n: number) => AsyncIterable<T>,
  ): AsyncGenerator<T> {
    const n = count(size, 'chunk size');
    if (n === 0) throw new ValidationError('chunk size must be at least 1');
    const snapshot = await this.source.engine.openSnapshot();
    try {
      const query = this.resolve(await readTableMeta(snapshot.raw, this.source));
      yield* read(this.source.engine.tables, snapshot.raw, query, n);
    } catch (error) {
      throw namingDataset(error, this.source.label);
    } finally {
      await snapshot.close();
    }
  }

  private with(change: Partial<QueryState>): TableQuery {
    return new TableQuery(this.source, { ...this.state, ...change });
  }
}

/** `getl(name).groupBy('region')`: waits for `.agg({...})`. */
export class GroupedQuery {
  constructor(
    private readonly query: TableQuery,
    private readonly groups: readonly string[],
  ) {}

  /** Rows holding the group columns and one `<column>_<function>` per aggregate, ordered by the groups. */
  agg(spec: Readonly<Record<string, AggregateFunction | readonly AggregateFunction[]>>): AggregateQuery {
    if (!isPlainObject(spec) || Object.keys(spec).length === 0) {
      throw new ValidationError(`agg() takes { column: [${AGGREGATES.join(', ')}] }`);
    }
    return new AggregateQuery(this.query, this.groups, spec);
  }
}

export class AggregateQuery {
  constructor(
    private readonly query: TableQuery,
    private readonly groups: readonly string[],
    private readonly spec: Readonly<Record<string, AggregateFunction | readonly AggregateFunction[]>>,
  ) {}

  toArray(): Promise<Row[]> {
    return this.query.run(async (conn, meta) => {
      const tables = this.query.tableSource.engine.tables;
      const { spec } = this.query.resolve(meta);
      const byName = new Map(meta.columns.map((c) => [c.name, c]));
      const known = () => knownColumns(byName);
      const groups = this.groups.map((name) => {
        const column = byName.get(name);
        if (!column) throw new ValidationError(`groupBy: unknown column ${JSON.stringify(name)} (columns: ${known()})`);
        return column;
      });
      const aggregates = Object.entries(this.spec).flatMap(([name, fns]) => {
        const column = byName.get(name);
        if (!column) throw new ValidationError(`agg: unknown column ${JSON.stringify(name)} (columns: ${known()})`);
        return (Array.isArray(fns) ? fns : [fns]).map((fn: unknown) => checkAggregate(column, fn));
      });
      const rows = await tables.aggregate(conn, spec, groups, aggregates);
      const output = [
        ...groups.map((c) => ({ name: c.name, type: c.type })),
        ...aggregates.map((a) => ({ name: `${a.column.name}_${a.fn}`, type: aggregateType(a) })),
      ];
      return new RowDecoder(tables, output).rows(rows);
    });
  }
}

function checkAggregate(column: StoredColumn, fn: unknown): Aggregate {
  if (!AGGREGATES.includes(fn as AggregateFunction)) {
    throw new ValidationError(
      `agg: unknown function ${JSON.stringify(fn)} for ${JSON.stringify(column.name)} (known: ${AGGREGATES.join(', ')})`,
    );
  }
  const f = fn as AggregateFunction;
  const fits =
    f === 'count' || ((f === 'min' || f === 'max') && ORDERED.includes(column.type)) || NUMERIC.includes(column.type);
  if (!fits)
    throw new ValidationError(`agg: ${f} does not apply to ${column.type} column ${JSON.stringify(column.name)}`);
  return { column, fn: f };
}

function aggregateType({ column, fn }: Aggregate): ColumnType {
  if (fn === 'count') return 'integer';
  if (fn === 'mean' || fn === 'std') return 'float';
  return column.type;
}

function count(n: unknown, what: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new ValidationError(`${what} must be a non-negative integer, not ${String(n)}`);
  }
  return n;
}
