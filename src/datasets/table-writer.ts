import { ValidationError } from '../errors.js';
import type { Connection } from '../storage/engine.js';
import type { TableDriver } from '../storage/tables/table-driver.js';
import type { BackendOptions } from '../store/backend.js';
import { knownColumns } from './filter.js';
import type { TableInput } from './table-input.js';
import { newTableName, type StoredColumn, storedColumns, type TableMeta } from './table-meta.js';
import type { Row } from './types.js';
import { checkTableColumns } from './values/column-names.js';
import { columnNames, inferColumns } from './values/infer-columns.js';

export interface TableWriteOptions {
  /** false replaces the stored rows; otherwise a put to an existing table appends. */
  readonly append: boolean;
  /** Columns to index. */
  readonly index: readonly string[];
}

export function tableWriteOptions(options: BackendOptions): TableWriteOptions {
  const { append, index } = options;
  if (append !== undefined && typeof append !== 'boolean') throw new ValidationError('append must be true or false');
  if (index !== undefined && !(Array.isArray(index) && index.every((c) => typeof c === 'string'))) {
    throw new ValidationError('index must be an array of column names');
  }
  return { append: append !== false, index: index ?? [] };
}

/**
 * Writes `input` inside the caller's transaction: appended to `previous`'s table, or into a new
 * table (that replaces `previous`'s, dropped here). Any error leaves the transaction to roll back.
 */
export async function writeTable(
  driver: TableDriver,
  raw: Connection,
  input: TableInput,
  previous: TableMeta | null,
  options: TableWriteOptions,
): Promise<TableMeta> {
  const iterator = (
    Symbol.asyncIterator in input.chunks ? input.chunks[Symbol.asyncIterator]() : input.chunks[Symbol.iterator]()
  ) as AsyncIterator<Row[]> | Iterator<Row[]>;
  const first = await nextChunk(iterator);
  if (!first || first.length === 0) {
    throw new ValidationError(
      'empty input: a table needs at least one row (put [] with kind: "json" to store an empty list)',
    );
  }
  const appending = previous !== null && options.append;
  // An append takes the stored types; its values are checked against them row by row.
  const columns = appending
    ? matchStored(previous.columns, input.columns?.map((c) => c.name) ?? columnNames(first))
    : storedColumns(input.columns ?? inferColumns(first));
  if (!appending) checkTableColumns(columns);
  const indexed = indexedColumns(columns, options.index);
  const table = appending ? previous.table : newTableName();
  if (!appending) await driver.create(raw, table, columns);

  const known = new Set(columns.map((c) => c.name));
  let written = 0;
  const firstRow = appending ? previous.rows : 0;
  for (let chunk: Row[] | undefined = first; chunk; chunk = await nextChunk(iterator)) {
    if (chunk !== first || !input.whole) checkKeys(chunk, known, written + 1);
    await driver.insert(raw, table, columns, chunk, firstRow + written, written + 1);
    written += chunk.length;
  }
  await driver.finish(raw, table, indexed, !appending);
  if (previous && !appending) await driver.drop(raw, previous.table);
  const indexes = [...new Set([...(appending ? previous.indexes : []), ...options.index])];
  return { table, columns, rows: firstRow + written, indexes };
}

/** A copy of a stored table under a new name (a promotion inside one database), in the caller's transaction. */
export async function copyTable(driver: TableDriver, raw: Connection, source: TableMeta): Promise<TableMeta> {
  const table = newTableName();
  await driver.create(raw, table, source.columns);
  await driver.copyRows(raw, source.table, table);
  const byName = new Map(source.columns.map((c) => [c.name, c]));
  await driver.finish(
    raw,
    table,
    source.indexes.flatMap((name) => byName.get(name) ?? []),
    true,
  );
  return { ...source, table };
}

async function nextChunk(iterator: AsyncIterator<Row[]> | Iterator<Row[]>): Promise<Row[] | undefined> {
  const step = await iterator.next();
  return step.done ? undefined : step.value;
}

/** An append must bring exactly the stored columns (in any order); values are checked row by row. */
function matchStored(stored: readonly StoredColumn[], given: readonly string[]): StoredColumn[] {
  const names = new Set(given);
  const missing = stored.filter((c) => !names.has(c.name)).map((c) => JSON.stringify(c.name));
  const storedNames = new Set(stored.map((c) => c.name));
  const added = given.filter((name) => !storedNames.has(name)).map((name) => JSON.stringify(name));
  if (missing.length > 0 || added.length > 0) {
    const what = [
      missing.length > 0 ? `missing column ${missing.join(', ')}` : '',
      added.length > 0 ? `new column ${added.join(', ')}` : '',
    ].filter(Boolean);
    throw new ValidationError(
      `cannot append: ${what.join('; ')} (stored columns: ${knownColumns(new Map(stored.map((c) => [c.name, c])))}); put with append: false to replace the table`,
    );
  }
  return [...stored];
}

function indexedColumns(columns: readonly StoredColumn[], names: readonly string[]): StoredColumn[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  return names.map((name) => {
    const column = byName.get(name);
    if (!column)
      throw new ValidationError(`index: unknown column ${JSON.stringify(name)} (columns: ${knownColumns(byName)})`);
    return column;
  });
}

/** Rows after the first chunk may not bring columns the first chunk did not have. */
function checkKeys(rows: readonly Row[], known: ReadonlySet<string>, firstInputRow: number): void {
  for (let i = 0; i < rows.length; i++) {
    for (const key in rows[i]) {
      if (!known.has(key)) {
        throw new ValidationError(`row ${firstInputRow + i}: column ${JSON.stringify(key)} is not in the table`);
      }
    }
  }
}
