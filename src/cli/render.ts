import type { PingResult } from '../runtime/runtime.js';
import type { Metadata } from '../store/metadata.js';
import type { Store } from '../store/store.js';

/** `data/sales (bucket default)`: how messages name an object of a store. */
export function objectLabel(store: Store, name: string): string {
  return `${store.prefix}${name} (bucket ${store.bucket})`;
}

/** The full metadata, one `key: value` line each. */
export function metadataLines(meta: Metadata): string[] {
  return [
    `name: ${meta.name}`,
    `bucket: ${meta.bucket}`,
    `prefix: ${meta.prefix}`,
    `kind: ${meta.kind}`,
    `created: ${meta.created.toISOString()}`,
    `modified: ${meta.modified.toISOString()}`,
    `kindMeta: ${JSON.stringify(meta.kindMeta)}`,
    `attributes: ${JSON.stringify(meta.attributes)}`,
  ];
}

/** An object of `list --raw` and its size: rows of a table, bytes of a blob, or versions of a model. */
export interface ListedObject {
  meta: Metadata;
  size: string | undefined;
}

/** `list --raw`: a header, then one line per object (name, kind, size, modification time), aligned. */
export function metadataTable(objects: ListedObject[]): string[] {
  const header = ['NAME', 'KIND', 'SIZE', 'MODIFIED'];
  return alignColumns([
    header,
    ...objects.map(({ meta, size }) => [meta.name, meta.kind, size ?? '-', meta.modified.toISOString()]),
  ]);
}

/** How big an object is by its metadata: `150 rows` for a table, `2048 bytes` for a blob. */
export function sizeOf(meta: Metadata): string | undefined {
  const { rows, size } = meta.kindMeta;
  if (typeof rows === 'number') return count(rows, 'row');
  return typeof size === 'number' ? count(size, 'byte') : undefined;
}

/** What a put stored, in one line. */
export function putSummary(meta: Metadata): string {
  const size = typeof meta.kindMeta.size === 'number' ? `, ${count(meta.kindMeta.size, 'byte')}` : '';
  const rows = typeof meta.kindMeta.rows === 'number' ? `, ${count(meta.kindMeta.rows, 'row')}` : '';
  return `stored ${meta.prefix}${meta.name} (bucket ${meta.bucket}) as ${meta.kind}${size}${rows}`;
}

/** A model a task wrote (a fit), in one line: `iris: version 4ebd6b4ca993, fitted`. */
export function modelSummary(meta: Metadata): string {
  const version =
    typeof meta.kindMeta.version === 'string' ? `version ${meta.kindMeta.version.slice(0, 12)}` : 'no version';
  return `${meta.name}: ${version}, ${meta.kindMeta.fitted === true ? 'fitted' : 'not fitted'}`;
}

/** A ping's answer: `pong from worker w1 (label default, context dev, bucket default) in 3 ms`. */
export function pongLine(pong: PingResult, elapsedMs: number): string {
  return `pong from worker ${pong.worker} (label ${pong.label}, context ${pong.context}, bucket ${pong.bucket}) in ${Math.round(elapsedMs)} ms`;
}

/** `1 row`, `2 rows`, `1024 bytes`: a count with its unit in the right number. */
export function count(n: number, unit: string): string {
  return `${n} ${n === 1 ? unit : `${unit}s`}`;
}

/** Pads every column but the last to its widest cell. */
export function alignColumns(rows: string[][]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
