import { FILTER_OPERATORS, type Filter, type FilterOperator, knownColumns } from '../../datasets/filter.js';
import type { StoredColumn } from '../../datasets/table-meta.js';
import { preview } from '../../datasets/values/preview.js';
import { ValidationError } from '../../errors.js';

/** How `GET /api/v1/dataset/<name>` shapes `{ data }`: rows (`records`) or `{ column: [values] }`. */
export type Orient = 'records' | 'columns';

/** A dataset query from the URL: filters typed by the stored columns, then the query options. */
export interface DatasetQuery {
  readonly filter: Filter;
  readonly columns?: readonly string[];
  readonly sort: readonly string[];
  readonly limit?: number;
  readonly skip?: number;
  readonly orient: Orient;
}

/** The query parameters that are options, not filters (a column of that name cannot be filtered in a URL). */
export const QUERY_OPTIONS = ['columns', 'sort', 'limit', 'skip', 'orient'] as const;

/** Conditions in one URL, at most: more is a ValidationError, never a query the database must plan. */
export const MAX_FILTERS = 100;
/** Values of one `in`, `nin` list, at most (each is a bound parameter). */
export const MAX_LIST_VALUES = 1_000;

const LIST_OPERATORS: readonly FilterOperator[] = ['in', 'nin', 'between'];
const TEXT_OPERATORS: readonly FilterOperator[] = ['contains', 'startswith', 'endswith'];
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^[+-]?(?:inf|infinity)$/i;

/** A parsed query string: each key with its value, or its values when repeated. */
export type QueryParameters = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Reads `col=v` / `col__op=v` filters (values cast to the column's stored type; `in`, `nin` and
 * `between` take repeated parameters or one comma-separated value) and the options `columns`
 * and `sort` (comma-separated, `-col` descending), `limit`, `skip`, `orient`. Every bad key or
 * value is a ValidationError naming it; the filter is checked against the table when it runs.
 */
export function parseDatasetQuery(query: QueryParameters, columns: readonly StoredColumn[]): DatasetQuery {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const filter: Record<string, unknown> = {};
  const filterKeys = Object.keys(query).filter((key) => !(QUERY_OPTIONS as readonly string[]).includes(key));
  const conditions = filterKeys.reduce((n, key) => n + valuesOf(query[key]).length, 0);
  if (conditions > MAX_FILTERS) {
    throw new ValidationError(`too many filters: ${conditions} conditions in the query (at most ${MAX_FILTERS})`);
  }
  for (const key of filterKeys) {
    const { column, op } = filterKey(key, byName);
    const values = valuesOf(query[key]);
    if (values.length > 1 && !LIST_OPERATORS.includes(op)) {
      throw new ValidationError(`filter ${preview(key)} is given ${values.length} times; give it once`);
    }
    // A JSON object key: `__proto__` must be an own key, never the prototype.
    Object.defineProperty(filter, key, {
      value: filterValue(key, column, op, values),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return {
    filter,
    ...optional('columns', listOption(query, 'columns')),
    sort: listOption(query, 'sort') ?? [],
    ...optional('limit', countOption(query, 'limit')),
    ...optional('skip', countOption(query, 'skip')),
    orient: orientOption(query),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function valuesOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

/** `amount__gte` → amount, gte; a key that is itself a column name means equality. */
function filterKey(key: string, byName: Map<string, StoredColumn>): { column: StoredColumn; op: FilterOperator } {
  const exact = byName.get(key);
  if (exact) return { column: exact, op: 'eq' };
  const cut = key.lastIndexOf('__');
  const column = cut > 0 ? byName.get(key.slice(0, cut)) : undefined;
  if (!column) throw new ValidationError(`filter ${preview(key)}: no such column (columns: ${knownColumns(byName)})`);
  const op = key.slice(cut + 2);
  if (!(FILTER_OPERATORS as readonly string[]).includes(op)) {
    throw new ValidationError(
      `filter ${preview(key)}: unknown operator ${preview(op)} (known: ${FILTER_OPERATORS.join(', ')})`,
    );
  }
  return { column, op: op as FilterOperator };
}

function filterValue(key: string, column: StoredColumn, op: FilterOperator, values: readonly string[]): unknown {
  const text = values[0] ?? '';
  const fail = (what: string) => new ValidationError(`filter ${preview(key)}: ${what}`);
  if (op === 'isnull') {
    if (!/^(?:true|false)$/i.test(text)) throw fail(`isnull takes true or false, not ${preview(text)}`);
    return text.toLowerCase() === 'true';
  }
  if (LIST_OPERATORS.includes(op)) {
    const items = values.length === 1 ? (text === '' ? [] : text.split(',')) : values;
    if (items.length > MAX_LIST_VALUES) throw fail(`${items.length} values (at most ${MAX_LIST_VALUES})`);
    return items.map((item) => castText(column, item, fail));
  }
  return TEXT_OPERATORS.includes(op) ? text : castText(column, text, fail);
}

/** The text of a URL as a value of the column's type; the filter checks what the type allows. */
function castText(column: StoredColumn, text: string, fail: (what: string) => ValidationError): unknown {
  const mismatch = () => fail(`${preview(text)} does not fit column ${preview(column.name)} (${column.type})`);
  switch (column.type) {
    case 'integer':
    case 'bigint':
    case 'float': {
      if (INTEGER.test(text) && column.type !== 'float') {
        const exact = BigInt(text);
        return Number.isSafeInteger(Number(exact)) ? Number(exact) : exact;
      }
      if (DECIMAL.test(text)) return Number(text);
      if (INFINITY.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
      throw mismatch();
    }
    case 'boolean':
      if (/^(?:true|1)$/i.test(text)) return true;
      if (/^(?:false|0)$/i.test(text)) return false;
      throw mismatch();
    default:
      // text and timestamps (ISO text) as they are; a json column refuses any value but isnull
      return text;
  }
}

function listOption(query: QueryParameters, key: 'columns' | 'sort'): string[] | undefined {
  const values = valuesOf(query[key]);
  if (values.length === 0) return undefined;
  const names = values.flatMap((value) => value.split(','));
  if (names.some((name) => name === '' || name === '-')) {
    throw new ValidationError(
      `${key} takes column names separated by commas${key === 'sort' ? ', -name descending' : ''}`,
    );
  }
  return names;
}

function countOption(query: QueryParameters, key: 'limit' | 'skip'): number | undefined {
  const values = valuesOf(query[key]);
  if (values.length === 0) return undefined;
  const text = values[0] as string;
  if (values.length > 1 || !/^\d{1,15}$/.test(text)) {
    throw new ValidationError(`${key} must be given once, as a non-negative integer, not ${preview(values.join(','))}`);
  }
  return Number(text);
}

function orientOption(query: QueryParameters): Orient {
  const values = valuesOf(query.orient);
  if (values.length === 0) return 'records';
  if (values.length === 1 && (values[0] === 'records' || values[0] === 'columns')) return values[0];
  throw new ValidationError(`orient must be records or columns, not ${preview(values.join(','))}`);
}
