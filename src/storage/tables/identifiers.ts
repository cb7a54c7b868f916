/**
 * Quotes a generated identifier (a table name `omega_t_…`, a column id `c<n>`, `_row`). User text
 * never reaches SQL as an identifier; anything else is a programming error.
 */
export function quoteId(id: string): string {
  if (!/^(omega_t_[0-9a-f]+(_c[0-9]+)?|c[0-9]+|_row)$/.test(id)) throw new Error(`not a generated identifier: ${id}`);
  return `"${id}"`;
}
