/** Orders strings by UTF-16 code units, the same on every engine (SQL collations differ). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
