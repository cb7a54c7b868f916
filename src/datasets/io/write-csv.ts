import { stringify } from 'csv-stringify/sync';
import type { Column } from '../types.js';
import { type FormatWriter, typedValue } from './format-writer.js';

/**
 * CSV with a header line: null (and NaN) is an empty field, a timestamp its ISO text, a json value
 * its JSON text, a boolean true/false, a bigint its digits.
 */
export const writeCsv: FormatWriter = async (chunks, columns, output) => {
  // A one-column row of null would be a blank line, which readers skip: quote it ("").
  const options = { quoted_empty: columns.length === 1 };
  await output.write(stringify([columns.map((column) => column.name)], options));
  let rows = 0;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const records = chunk.map((row, index) =>
      columns.map((column) => csvField(column, row[column.name], rows + index + 1)),
    );
    await output.write(stringify(records, options));
    rows += chunk.length;
  }
  return rows;
};

function csvField(column: Column, value: unknown, row: number): string {
  const typed = typedValue(column, value, row);
  if (typed === null || Number.isNaN(typed)) return '';
  if (column.type === 'json') return JSON.stringify(typed);
  return typed instanceof Date ? typed.toISOString() : String(typed);
}
