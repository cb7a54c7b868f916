import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelCache } from '../../src/runtime/model-cache.js';

/** A cache whose loads are counted per key. */
function counted(capacity: number) {
  const cache = new ModelCache(capacity);
  const loads: string[] = [];
  const get = (key: string, fail = false) =>
    cache.get(key, () => {
      loads.push(key);
      return fail ? Promise.reject(new Error(`cannot decode ${key}`)) : Promise.resolve({ key });
    });
  return { get, loads };
}

describe('the model cache', () => {
  it('loads a version once, however often in a row it is asked for', async () => {
    const { get, loads } = counted(2);
    const first = await get('a');
    assert.equal(await get('a'), first);
    assert.equal(await get('a'), first);
    assert.deepEqual(loads, ['a']);
  });

  it('drops the least recently used version past its capacity', async () => {
    const { get, loads } = counted(2);
    await get('a');
    await get('b');
    await get('a'); // a is now the most recent: b goes first
    await get('c');
    await get('a');
    await get('b');
    assert.deepEqual(loads, ['a', 'b', 'c', 'b']);
  });

  it('keeps no failed load: the next get tries again', async () => {
    const { get, loads } = counted(2);
    await assert.rejects(get('a', true), /cannot decode a/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await get('a'), { key: 'a' });
    assert.deepEqual(loads, ['a', 'a']);
  });
});
