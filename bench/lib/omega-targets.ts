import { Readable } from 'node:stream';
import type { Omega } from '../../src/omega.js';
import { type ByteTarget, drain } from './raw-file.js';
import type { JsonTarget } from './raw-json.js';

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
