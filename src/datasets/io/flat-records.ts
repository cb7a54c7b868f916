/** A scalar JSON value: what a CSV field can hold. */
export type FlatValue = string | number | boolean | null;

/** A JSON list of flat objects, as a table: the keys in order of first appearance, and the rows. */
export interface FlatRecords {
  keys: string[];
  rows: Record<string, FlatValue>[];
}

/**
 * `value` as flat records when it is a non-empty list of objects whose values are all scalars;
 * else the reason it is not (`an object`, `row 3: "tags" holds an array`), for an error message.
 */
export function flatRecordsOf(value: unknown): FlatRecords | { reason: string } {
  if (!Array.isArray(value)) return { reason: `it holds ${kindOf(value)}, not a list of flat objects` };
  if (value.length === 0) return { reason: 'it holds an empty list: no columns to write' };
  const keys = new Set<string>();
  for (const [index, row] of value.entries()) {
    if (kindOf(row) !== 'an object') return { reason: `item ${index + 1} is ${kindOf(row)}, not an object` };
    for (const [key, field] of Object.entries(row as object)) {
      const kind = kindOf(field);
      if (kind === 'an object' || kind === 'an array') {
        return { reason: `item ${index + 1}: ${JSON.stringify(key)} holds ${kind}, not a scalar` };
      }
      keys.add(key);
    }
  }
  return { keys: [...keys], rows: value as Record<string, FlatValue>[] };
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
