import type { FormatWriter } from '../../datasets/io/format-writer.js';
import { typedValue } from '../../datasets/io/format-writer.js';
import { writeJsonl } from '../../datasets/io/write-jsonl.js';
import type { Column } from '../../datasets/types.js';

/** A value as JSON text: a bigint its exact digits, a timestamp its ISO text, NaN and ±Infinity null. */
export function jsonValue(value: unknown): string {
  return typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? 'null');
}

/**
 * Whether JSON.stringify writes the rows of a query (keys in column order, values typed) exactly
 * as jsonValue would: unless a column holds bigints, which it cannot write.
 */
function stringifies(columns: readonly Column[]): boolean {
  return columns.every((column) => column.type !== 'bigint');
}

/** One JSON object per line, as writeJsonl writes them; rows without bigints by JSON.stringify, the fast way. */
export const writeNdjson: FormatWriter = async (chunks, columns, output) => {
  if (!stringifies(columns)) return writeJsonl(chunks, columns, output);
  let rows = 0;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    rows += chunk.length;
    await output.write(`${chunk.map((row) => JSON.stringify(row)).join('\n')}\n`);
  }
  return rows;
};

/** `{"data":[{…},…]}`, written chunk by chunk (values as jsonValue writes them). */
export const writeJsonRecords: FormatWriter = async (chunks, columns, output) => {
  if (stringifies(columns)) {
    let rows = 0;
    await output.write('{"data":[');
    for await (const chunk of chunks) {
      if (chunk.length === 0) continue;
      const text = JSON.stringify(chunk);
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
