import type { FormatWriter } from '../../datasets/io/format-writer.js';
import { typedValue } from '../../datasets/io/format-writer.js';
import type { Column } from '../../datasets/types.js';

/** A value as JSON text: a bigint its exact digits, a timestamp its ISO text, NaN and ±Infinity null. */
export function jsonValue(value: unknown): string {
  return typeof value === 'bigint' ? String(value) : (JSON.stringify(value) ?? 'null');
}

/** `{"data":[{…},…]}`, written chunk by chunk (values as jsonValue writes them). */
export const writeJsonRecords: FormatWriter = async (chunks, columns, output) => {
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
