import { mulberry32 } from './random.js';
/** One row of the table benchmarks: 2 integers, 2 floats, 2 texts, a boolean and a timestamp. */
export interface BenchRow {
  id: number;
  qty: number;
  price: number;
  score: number;
  name: string;
  city: string;
  active: boolean;
  at: Date;
}

/** The filter of the count benchmark, as omegats and the raw SQL both state it. */
export const COUNT_FILTER = { qtyAtLeast: 500, namePrefix: 'a' } as const;

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const CITIES = ['amsterdam', 'berlin', 'copenhagen', 'dublin', 'edinburgh', 'frankfurt', 'geneva', 'helsinki'];
const EPOCH = Date.UTC(2024, 0, 1);

/**
 * `count` rows numbered from `first`; the same arguments always give the same rows, so chunks of
 * a large table can be made one at a time. Texts are 10–20 lowercase letters (no COPY escapes).
 */
export function benchRows(count: number, first = 0): BenchRow[] {
  const next = mulberry32(first + 1);
  const rows: BenchRow[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const id = first + i;
    const length = 10 + Math.floor(next() * 11);
    let name = '';
    for (let k = 0; k < length; k++) name += LETTERS[Math.floor(next() * 26)];
    rows[i] = {
      id,
      qty: Math.floor(next() * 1000),
      price: Math.round(next() * 1e6) / 100,
      score: next(),
      name,
      city: `${CITIES[id % CITIES.length]}-${String(id % 997).padStart(3, '0')}`,
      active: next() < 0.5,
      at: new Date(EPOCH + id * 1000),
    };
  }
  return rows;
}

/** How many of `rows` the count filter selects, for checking both answers. */
export function expectedCount(rows: readonly BenchRow[]): number {
  let n = 0;
  for (const row of rows) if (row.qty >= COUNT_FILTER.qtyAtLeast && row.name.startsWith(COUNT_FILTER.namePrefix)) n++;
  return n;
}
