import { typedValue } from '../../datasets/io/format-writer.js';
import { jsonValue } from '../../datasets/json-texts.js';
import type { Column } from '../../datasets/types.js';
import type { Output } from '../../util/output.js';

/** Chunks of rows as JSON object texts (TableQuery.jsonChunks). */
type JsonChunks = AsyncIterable<string[]>;

/** One JSON object per line. */
export async function writeNdjson(chunks: JsonChunks, output: Output): Promise<void> {
  for await (const texts of chunks) if (texts.length > 0) await output.write(`${texts.join('\n')}\n`);
}

/** `{"data":[{…},…]}`, written chunk by chunk. */
export async function writeJsonRecords(chunks: JsonChunks, output: Output): Promise<void> {
  let first = true;
  await output.write('{"data":[');
  for await (const texts of chunks) {
    if (texts.length === 0) continue;
    await output.write(first ? texts.join(',') : `,${texts.join(',')}`);
    first = false;
  }
  await output.write(']}');
}

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
