import { Readable } from 'node:stream';
import type { Omega } from '../../src/omega.js';
import { type ByteTarget, drain } from './raw-file.js';
import type { JsonTarget } from './raw-json.js';
import type { TableTarget } from './raw-table.js';
import { COUNT_FILTER } from './table-rows.js';

/** omegats `file` datasets: `om.datasets.put(buffer, name)` / `get(name)` / `get(name, { as: 'stream' })`. */
export function omegaByteTarget(om: Omega): ByteTarget {
  return {
    label: 'om.datasets (file)',
    ops: { write: 'put(buffer)', read: 'get()', stream: "get({ as: 'stream' })" },
    async write(name, bytes) {
      await om.datasets.put(bytes, name);
    },
    async read(name) {
      const value = await om.datasets.get(name);
      if (!Buffer.isBuffer(value)) throw new Error(`get(${name}) returned no Buffer`);
      return value;
    },
    async stream(name) {
      const value = await om.datasets.get(name, { as: 'stream' });
      if (!(value instanceof Readable)) throw new Error(`get(${name}, { as: 'stream' }) returned no Readable`);
      return drain(value);
    },
  };
}

/** omegats `json` datasets: `om.datasets.put(object, name)` / `get(name)`. */
export function omegaJsonTarget(om: Omega): JsonTarget {
  return {
    label: 'om.datasets (json)',
    async put(name, value) {
      await om.datasets.put(value, name);
    },
    get: (name) => om.datasets.get(name),
    async close() {},
  };
}

/** omegats `table` datasets: `put(rows, name)` / `get(name)` / `getl(name).where(…).count()`. */
export function omegaTableTarget(om: Omega): TableTarget {
  return {
    label: 'om.datasets (table)',
    ops: { put: 'put(rows)', get: 'get()', count: 'getl().where().count()' },
    async put(name, rows) {
      await om.datasets.put(rows, name);
    },
    async get(name) {
      const value = await om.datasets.get(name);
      if (!Array.isArray(value)) throw new Error(`get(${name}) returned no array`);
      return value;
    },
    count: (name) =>
      om.datasets
        .getl(name)
        .where({ qty__gte: COUNT_FILTER.qtyAtLeast, name__startswith: COUNT_FILTER.namePrefix })
        .count(),
    async close() {},
  };
}
