import { writeRows } from '../../../src/datasets/io/write-rows.js';
import type { Column } from '../../../src/datasets/types.js';
const columns: Column[] = [
  { name: 'id', type: 'integer' }, { name: 'amount', type: 'float' }, { name: 'region', type: 'text' },
  { name: 'ok', type: 'boolean' }, { name: 'at', type: 'timestamp' }, { name: 'big', type: 'bigint' },
];
const format = (process.argv[2] ?? 'csv') as 'csv';
const total = Number(process.argv[3] ?? 5_000_000);
let peak = 0;
const timer = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
async function* chunks() {
  for (let start = 0; start < total; start += 10_000) {
    const rows = [];
    for (let i = start; i < start + 10_000; i++) rows.push({ id: i, amount: i * 1.25, region: `region-${i % 7}`, ok: i % 2 === 0, at: new Date(i * 1000), big: BigInt(i) });
    yield rows;
  }
}
const t0 = Date.now();
console.log(await writeRows(chunks(), columns, `/tmp/omio/big.${format}`, format));
clearInterval(timer);
console.log(format, 'seconds', (Date.now() - t0) / 1000, 'peak MB', Math.round(Math.max(peak, process.memoryUsage().rss) / 1e6));
