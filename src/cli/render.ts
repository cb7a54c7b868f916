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

/** One line per object for `list --raw`: name, kind, size and modification time, aligned. */
export function metadataTable(metas: Metadata[]): string[] {
  return alignColumns(metas.map((meta) => [meta.name, meta.kind, sizeOf(meta) ?? '-', meta.modified.toISOString()]));
}

/** What a put stored, in one line. */
export function putSummary(meta: Metadata): string {
  const size = sizeOf(meta);
  const rows = typeof meta.kindMeta.rows === 'number' ? `, ${meta.kindMeta.rows} rows` : '';
  return `stored ${meta.prefix}${meta.name} (bucket ${meta.bucket}) as ${meta.kind}${size ? `, ${size} bytes` : ''}${rows}`;
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

function sizeOf(meta: Metadata): string | undefined {
  const size = meta.kindMeta.size;
  return typeof size === 'number' ? String(size) : undefined;
}
