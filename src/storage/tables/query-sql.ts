import type { Predicate } from '../../datasets/filter.js';
import type { StoredColumn } from '../../datasets/table-meta.js';
import { quoteId } from './identifiers.js';
import type { TableDialect } from './table-dialect.js';
import type { Aggregate, CompiledSql, SortKey, TableQuerySpec } from './table-spec.js';

/** Accumulates bound parameters and hands out their placeholders. */
class Params {
  readonly values: unknown[] = [];
  constructor(private readonly dialect: TableDialect) {}
  bind(value: unknown): string {
    this.values.push(value);
    return this.dialect.placeholder(this.values.length);
  }
}

export function selectSql(dialect: TableDialect, spec: TableQuerySpec, columns: readonly StoredColumn[]): CompiledSql {
  const list = columns.map((c) => quoteId(c.id)).join(', ') || 'null';
  return { ...selectOf(dialect, spec, list), bigints: columns.some((c) => c.type === 'bigint') };
}

/** The select of `selectSql` as one JSON object text per row; undefined when the dialect cannot write them. */
export function jsonObjectsSql(
  dialect: TableDialect,
  spec: TableQuerySpec,
  columns: readonly StoredColumn[],
): CompiledSql | undefined {
  // The object's parameters come first, as its text does.
  const params = new Params(dialect);
  const json = columns.map((c) => ({ name: c.name, type: c.type, sql: quoteId(c.id) }));
  const object = dialect.jsonObject?.(json, (text) => params.bind(text));
  return object === undefined ? undefined : selectOf(dialect, spec, object, params);
}

/** `select <list>` of the query's rows: its filter, order and page. */
function selectOf(
  dialect: TableDialect,
  spec: TableQuerySpec,
  list: string,
  params = new Params(dialect),
): CompiledSql {
  const text = `select ${list} from ${quoteId(spec.table)}${whereSql(dialect, spec.where, params)}${orderSql(spec.sort)}${pageSql(dialect, spec, params)}`;
  return { text, params: params.values };
}

export function countSql(dialect: TableDialect, spec: TableQuerySpec): CompiledSql {
  const params = new Params(dialect);
  const where = whereSql(dialect, spec.where, params);
  if (spec.limit === undefined && spec.offset === undefined) {
    return { text: `select count(*) from ${quoteId(spec.table)}${where}`, params: params.values };
  }
  const page = pageSql(dialect, spec, params);
  return {
    text: `select count(*) from (select 1 from ${quoteId(spec.table)}${where}${page}) as page`,
    params: params.values,
  };
}

/** `select <groups>, <aggregates> … group by <groups>`, groups in ascending order. */
export function aggregateSql(
  dialect: TableDialect,
  spec: TableQuerySpec,
  groups: readonly StoredColumn[],
  aggregates: readonly Aggregate[],
): CompiledSql {
  const params = new Params(dialect);
  const keys = groups.map((c) => quoteId(c.id));
  const values = aggregates.map((a) => aggregateExpression(dialect, a));
  const grouping = keys.length > 0 ? ` group by ${keys.join(', ')}` : '';
  const order = keys.length > 0 ? ` order by ${keys.map((k) => `${k} asc nulls last`).join(', ')}` : '';
  const text = `select ${[...keys, ...values].join(', ')} from ${quoteId(spec.table)}${whereSql(dialect, spec.where, params)}${grouping}${order}${pageSql(dialect, spec, params)}`;
  const bigints = [...groups, ...aggregates.map((a) => a.column)].some((c) => c.type === 'bigint');
  return { text, params: params.values, bigints };
}

function aggregateExpression(dialect: TableDialect, { column, fn }: Aggregate): string {
  const id = quoteId(column.id);
  switch (fn) {
    case 'sum':
      return `sum(${id})`;
    case 'mean':
      return `avg(${id})`;
    case 'std':
      return `${dialect.stddev}(${id})`;
    default:
      return `${fn}(${id})`;
  }
}

function whereSql(dialect: TableDialect, predicates: readonly Predicate[], params: Params): string {
  if (predicates.length === 0) return '';
  return ` where ${predicates.map((p) => `(${predicateSql(dialect, p, params)})`).join(' and ')}`;
}

function predicateSql(dialect: TableDialect, { column, op, value }: Predicate, params: Params): string {
  const id = quoteId(column.id);
  const type = column.type;
  const bind = (v: unknown) => numericCast(dialect, type, v, params.bind(dialect.bind(type, v)));
  switch (op) {
    case 'eq':
      return value === null ? `${id} is null` : `${id} = ${bind(value)}`;
    case 'ne':
      return value === null ? `${id} is not null` : dialect.distinct(id, bind(value));
    case 'lt':
      return `${id} < ${bind(value)}`;
    case 'lte':
      return `${id} <= ${bind(value)}`;
    case 'gt':
      return `${id} > ${bind(value)}`;
    case 'gte':
      return `${id} >= ${bind(value)}`;
    case 'between': {
      const [low, high] = value as unknown[];
      return `${id} between ${bind(low)} and ${bind(high)}`;
    }
    case 'in':
    case 'nin': {
      const list = (value as unknown[]).map((v) => dialect.bind(type, v));
      const test = dialect.inArray(id, type, params.bind(dialect.arrayParam(type, list)));
      return op === 'in' ? test : `${id} is null or not (${test})`;
    }
    case 'contains':
      return `${dialect.position}(${id}, ${params.bind(value)}) > 0`;
    case 'startswith':
      return `substr(${id}, 1, ${params.bind(codePoints(value as string))}) = ${params.bind(value)}`;
    case 'endswith': {
      const length = codePoints(value as string);
      return length === 0 ? `${id} is not null` : `${dialect.suffix(id, params.bind(length))} = ${params.bind(value)}`;
    }
    case 'isnull':
      return value ? `${id} is null` : `${id} is not null`;
  }
}

/** A fractional bound on an integer column, where the dialect would type it as an integer. */
function numericCast(dialect: TableDialect, type: string, value: unknown, placeholder: string): string {
  const fractional = typeof value === 'number' && !Number.isSafeInteger(value);
  return dialect.fractionalCast && fractional && (type === 'integer' || type === 'bigint')
    ? dialect.fractionalCast(placeholder)
    : placeholder;
}

function orderSql(sort: readonly SortKey[]): string {
  const keys = sort.map((k) => `${quoteId(k.column.id)} ${k.descending ? 'desc' : 'asc'} nulls last`);
  return ` order by ${[...keys, quoteId('_row')].join(', ')}`;
}

function pageSql(dialect: TableDialect, spec: TableQuerySpec, params: Params): string {
  let page = spec.limit === undefined ? '' : ` limit ${params.bind(spec.limit)}`;
  if (spec.offset === undefined) return page;
  if (page === '' && dialect.noLimit !== undefined) page = ` limit ${dialect.noLimit}`;
  return `${page} offset ${params.bind(spec.offset)}`;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
