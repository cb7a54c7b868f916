import type { FormatWriter } from '../../datasets/io/format-writer.js';
import { typedValue } from '../../datasets/io/format-writer.js';
import { writeJsonl } from '../../datasets/io/write-jsonl.js';
import type { Column, Row } from '../../datasets/types.js';
import { isoText } from '../../datasets/values/iso-text.js';

/** A value as JSON text: a bigint its exact digits, a timestamp its ISO text, NaN and ±Infinity null. */
function jsonValue(value: unknown): string {
  return typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? 'null');
}

/**
 * Whether JSON.stringify writes the rows of a query (keys in column order, values typed) exactly
 * as jsonValue would: unless a column holds bigints, which it cannot write.
 */
function stringifies(columns: readonly Column[]): boolean {
  return columns.every((column) => column.type !== 'bigint');
}

/**
 * Replaces each timestamp of the rows by its ISO text, in place: JSON.stringify then takes its
 * fast path (a Date's toJSON would take the slow one for the whole row, about 3× the time).
 */
function isoTimestamps(chunk: Row[], columns: readonly Column[]): Row[] {
  const timestamps = columns.filter((column) => column.type === 'timestamp').map((column) => column.name);
  if (timestamps.length === 0) return chunk;
  for (const row of chunk) {
    for (const name of timestamps) {
      const value = row[name];
      if (value instanceof Date) row[name] = isoText(value.getTime());
    }
  }
  return chunk;
}

/**
 * One JSON object per line, as writeJsonl writes them; rows without bigints by JSON.stringify,
 * the fast way, their timestamps turned into ISO texts in place (the rows are the writer's).
 */
export const writeNdjson: FormatWriter = async (chunks, columns, output) => {
  if (!stringifies(columns)) return writeJsonl(chunks, columns, output);
  let rows = 0;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    rows += chunk.length;
    await output.write(
      `${isoTimestamps(chunk, columns)
        .map((row) => JSON.stringify(row))
        .join('\n')}\n`,
    );
  }
  return rows;
};

/** `{"data":[{…},…]}`, written chunk by chunk (values as jsonValue writes them; rows as writeNdjson takes them). */
export const writeJsonRecords: FormatWriter = async (chunks, columns, output) => {
  if (stringifies(columns)) {
    let rows = 0;
    await output.write('{"data":[');
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      const text = JSON.stringify(isoTimestamps(chunk, columns));
      await output.write(rows === 0 ? text.slice(1, -1) : `,${text.slice(1, -1)}`);
      rows += chunk.length;
    }
    await output.write(']}');
    return rows;
  }
  const keys = columns.map((column) => `${JSON.stringify(column.name)}:`);
  let rows = 0;
  await output.write('{"data":[');
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    let text = '';
    for (const row of chunk) {
      rows++;
      const members = columns.map(
        (column, index) => keys[index] + jsonValue(typedValue(column, row[column.name], rows)),
      );
      text += `${rows > 1 ? ',' : ''}{${members.join(',')}}`;
    }
    await output.write(text);
  }
  await output.write(']}');
  return rows;
};

/** `{"data":{"column":[…],…}}` of values held column by column. */
export function jsonColumnsText(
  columns: readonly Column[],
  values: Readonly<Record<string, readonly unknown[]>>,
): string {
  const members = columns.map((column) => {
    const cells = (values[column.name] ?? []).map((value, row) => jsonValue(typedValue(column, value, row + 1)));
    return `${JSON.stringify(column.name)}:[${cells.join(',')}]`;
  });
  return `{"data":{${members.join(',')}}}`;
}
