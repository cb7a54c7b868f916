import {
  type Expression,
  type ExpressionBuilder,
  type RawBuilder,
  type SelectExpression,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { Predicate } from '../../datasets/filter.js';
import type { StoredColumn } from '../../datasets/table-meta.js';
import { quoteId } from './identifiers.js';
import type { DatasetTables, TableDialect } from './table-dialect.js';
import type { Aggregate, CompiledSql, SortKey, TableQuerySpec } from './table-spec.js';

type Query = SelectQueryBuilder<DatasetTables, string, Record<string, unknown>>;
type Builder = ExpressionBuilder<DatasetTables, string>;

/** A column of a generated table, its identifier checked before Kysely quotes it. */
function ref(id: string): RawBuilder<unknown> {
  return sql.ref(checked(id));
}

function checked(id: string): string {
  quoteId(id);
  return id;
}

function from(dialect: TableDialect, spec: TableQuerySpec): Query {
  quoteId(spec.table);
  return dialect.compiler.selectFrom(spec.table) as unknown as Query;
}

function compiled(query: { compile(): { sql: string; parameters: readonly unknown[] } }, bigints?: boolean) {
  const { sql: text, parameters } = query.compile();
  return { text, params: [...parameters], bigints } satisfies CompiledSql;
}

export function selectSql(dialect: TableDialect, spec: TableQuerySpec, columns: readonly StoredColumn[]): CompiledSql {
  const list: SelectExpression<DatasetTables, string>[] =
    columns.length > 0 ? columns.map((c) => checked(c.id)) : [sql`null`.as('none')];
  const query = page(dialect, spec, ordered(filtered(dialect, from(dialect, spec).select(list), spec), spec.sort));
  return compiled(
    query,
    columns.some((c) => c.type === 'bigint'),
  );
}

export function countSql(dialect: TableDialect, spec: TableQuerySpec): CompiledSql {
  const count = sql<number>`count(*)`.as('n');
  const rows = filtered(dialect, from(dialect, spec), spec);
  if (spec.limit === undefined && spec.offset === undefined) return compiled(rows.select(count));
  const pageOf = page(dialect, spec, rows.select(sql`1`.as('one')));
  return compiled(dialect.compiler.selectFrom(pageOf.as('page')).select(count));
}

/** `select <groups>, <aggregates> … group by <groups>`, groups in ascending order. */
export function aggregateSql(
  dialect: TableDialect,
  spec: TableQuerySpec,
  groups: readonly StoredColumn[],
  aggregates: readonly Aggregate[],
): CompiledSql {
  const keys = groups.map((c) => checked(c.id));
  const values = aggregates.map((a, i) => aggregateExpression(dialect, a).as(`a${i}`));
  let query = filtered(dialect, from(dialect, spec).select([...keys, ...values]), spec);
  if (keys.length > 0) {
    query = query.groupBy(keys);
    for (const key of keys) query = query.orderBy(key, (o) => o.asc().nullsLast());
  }
  const bigints = [...groups, ...aggregates.map((a) => a.column)].some((c) => c.type === 'bigint');
  return compiled(page(dialect, spec, query), bigints);
}

function aggregateExpression(dialect: TableDialect, { column, fn }: Aggregate): RawBuilder<unknown> {
  const id = ref(column.id);
  switch (fn) {
    case 'mean':
      return sql`avg(${id})`;
    case 'std':
      return sql`${sql.raw(dialect.stddev)}(${id})`;
    default:
      return sql`${sql.raw(fn)}(${id})`;
  }
}

function filtered(dialect: TableDialect, query: Query, spec: TableQuerySpec): Query {
  return spec.where.reduce((q, p) => q.where((eb: Builder) => predicate(dialect, eb, p)), query);
}

function predicate(dialect: TableDialect, eb: Builder, { column, op, value }: Predicate): Expression<SqlBool> {
  const id = ref(column.id);
  const type = column.type;
  const bind = (v: unknown) => numeric(dialect, type, v, sql.val(dialect.bind(type, v)));
  switch (op) {
    case 'eq':
      return value === null ? eb(id, 'is', null) : eb(id, '=', bind(value));
    case 'ne':
      return value === null ? eb(id, 'is not', null) : dialect.distinct(id, bind(value));
    case 'lt':
      return eb(id, '<', bind(value));
    case 'lte':
      return eb(id, '<=', bind(value));
    case 'gt':
      return eb(id, '>', bind(value));
    case 'gte':
      return eb(id, '>=', bind(value));
    case 'between': {
      const [low, high] = value as unknown[];
      return eb.between(id, bind(low), bind(high));
    }
    case 'in':
    case 'nin': {
      const list = (value as unknown[]).map((v) => dialect.bind(type, v));
      const test = dialect.inArray(id, type, sql.val(dialect.arrayParam(type, list)));
      return op === 'in' ? test : eb.or([eb(id, 'is', null), eb.not(test)]);
    }
    case 'contains':
      return eb(sql`${sql.raw(dialect.position)}(${id}, ${sql.val(value)})`, '>', sql.lit(0));
    case 'startswith':
      return eb(sql`substr(${id}, 1, ${sql.val(codePoints(value as string))})`, '=', sql.val(value));
    case 'endswith': {
      const length = codePoints(value as string);
      return length === 0 ? eb(id, 'is not', null) : eb(dialect.suffix(id, sql.val(length)), '=', sql.val(value));
    }
    case 'isnull':
      return value ? eb(id, 'is', null) : eb(id, 'is not', null);
  }
}

/** A fractional bound on an integer column, where the dialect would type it as an integer. */
function numeric(dialect: TableDialect, type: string, value: unknown, bound: RawBuilder<unknown>): RawBuilder<unknown> {
  const fractional = typeof value === 'number' && !Number.isSafeInteger(value);
  return dialect.fractionalCast && fractional && (type === 'integer' || type === 'bigint')
    ? dialect.fractionalCast(bound)
    : bound;
}

function ordered(query: Query, sort: readonly SortKey[]): Query {
  const sorted = sort.reduce(
    (q, k) => q.orderBy(checked(k.column.id), (o) => (k.descending ? o.desc() : o.asc()).nullsLast()),
    query,
  );
  return sorted.orderBy('_row');
}

function page(dialect: TableDialect, spec: TableQuerySpec, query: Query): Query {
  let paged = query;
  if (spec.limit !== undefined) paged = paged.limit(spec.limit);
  else if (spec.offset !== undefined && dialect.noLimit !== undefined) paged = paged.limit(dialect.noLimit);
  return spec.offset === undefined ? paged : paged.offset(spec.offset);
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
