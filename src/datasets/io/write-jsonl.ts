import { type FormatWriter, typedValue } from './format-writer.js';

/** One JSON object per line: a timestamp is its ISO text, a bigint its exact digits, NaN and ±Infinity null. */
export const writeJsonl: FormatWriter = async (chunks, columns, output) => {
  const keys = columns.map((column) => `${JSON.stringify(column.name)}:`);
  let rows = 0;
  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    let text = '';
    for (const row of chunk) {
      rows++;
      const members = columns.map((column, index) => {
        const value = typedValue(column, row[column.name], rows);
        return keys[index] + (typeof value === 'bigint' ? String(value) : JSON.stringify(value));
      });
      text += `{${members.join(',')}}\n`;
    }
    await output.write(text);
  }
  return rows;
};
