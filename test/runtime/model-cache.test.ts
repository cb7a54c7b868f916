import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ModelCache, type ModelPlace } from '../../src/runtime/model-cache.js';

const DEV: ModelPlace = { context: 'c', bucket: 'dev', name: 'iris' };

/** A cache whose loads are counted, by bucket and version. */
function counted(capacity: number) {
  const cache = new ModelCache(capacity);
  const loads: string[] = [];
  const get = (version: string, place: ModelPlace = DEV, fail = false) =>
    cache.get(place, version, () => {
      loads.push(`${place.bucket}:${version}`);
      return fail ? Promise.reject(new Error(`cannot decode ${version}`)) : Promise.resolve({ version, place });
    });
  return { get, loads };
}

describe('the model cache', () => {
  it('loads a version once, however often in a row it is asked for', async () => {
    const { get, loads } = counted(2);
    const first = await get('a');
    assert.equal(await get('a'), first);
    assert.equal(await get('a', { ...DEV }), first, 'an equal place, not the same object');
    assert.deepEqual(loads, ['dev:a']);
  });

  it('drops the least recently used version past its capacity', async () => {
    const { get, loads } = counted(2);
    await get('a');
    await get('b');
    await get('a'); // a is now the most recent: b goes first
    await get('c');
    await get('a');
    await get('b');
    assert.deepEqual(loads, ['dev:a', 'dev:b', 'dev:c', 'dev:b']);
  });

  it('reads a version in each place it is used, and keeps it per place', async () => {
    const { get, loads } = counted(4);
    const dev = await get('a');
    const prod = await get('a', { ...DEV, bucket: 'prod' });
    assert.notEqual(prod, dev);
    // A promoted model served from dev and prod in turn is decoded once per bucket.
    assert.equal(await get('a'), dev);
    assert.equal(await get('a', { ...DEV, bucket: 'prod' }), prod);
    await get('a', { ...DEV, context: 'other' });
    await get('a', { ...DEV, name: 'copy' });
    assert.deepEqual(loads, ['dev:a', 'prod:a', 'dev:a', 'dev:a']);
  });

  it('counts each place against its capacity', async () => {
    const { get, loads } = counted(2);
    await get('a');
    await get('a', { ...DEV, bucket: 'prod' });
    await get('b'); // three models: the oldest, dev's a, goes
    await get('a', { ...DEV, bucket: 'prod' });
    await get('a');
    assert.deepEqual(loads, ['dev:a', 'prod:a', 'dev:b', 'dev:a']);
  });

  it('keeps no failed load: the next get tries again', async () => {
    const { get, loads } = counted(2);
    await assert.rejects(get('a', DEV, true), /cannot decode a/);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await get('a'), { version: 'a', place: DEV });
    assert.deepEqual(loads, ['dev:a', 'dev:a']);
  });
});
