import type { Column } from '../types.js';
import { type FormatWriter, typedValue } from './format-writer.js';

/** Fields holding a separator, a quote or a line break are quoted (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * CSV with a header line: null (and NaN) is an empty field, a timestamp its ISO text, a json value
 * its JSON text, a boolean true/false, a bigint its digits.
 */
export const writeCsv: FormatWriter = async (chunks, columns, output) => {
  // A one-column row of null would be a blank line, which readers skip: quote it ("").
  const empty = columns.length === 1 ? '""' : '';
  await output.write(`${columns.map((column) => quote(column.name)).join(',')}\n`);
  let rows = 0;
  for await (const chunk of chunks) {
    let text = '';
    for (let index = 0; index < chunk.length; index++) {
      const row = chunk[index] as Record<string, unknown>;
      text += `${columns.map((column) => csvField(column, row[column.name], rows + index + 1) || empty).join(',')}\n`;
    }
    if (text !== '') await output.write(text);
    rows += chunk.length;
  }
  return rows;
};

function csvField(column: Column, value: unknown, row: number): string {
  const typed = typedValue(column, value, row);
  if (typed === null || Number.isNaN(typed)) return '';
  if (column.type === 'json') return quote(JSON.stringify(typed));
  if (typed instanceof Date) return typed.toISOString();
  return column.type === 'text' ? quote(typed as string) : String(typed);
}

/** A CSV field: quoted when it holds a separator, a quote or a line break. */
export function quote(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
