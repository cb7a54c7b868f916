import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setup, UnavailableError } from '../../src/index.js';

describe('a store path that cannot be created', { skip: process.platform !== 'linux' }, () => {
  it('is an UnavailableError naming the path, not a spin', async () => {
    // /proc/self exists but no folder can be made in it: mkdir answers ENOENT however often it is asked.
    await assert.rejects(setup({ name: 'nope', store: 'sqlite:///proc/self/nope/x.db' }), (error: unknown) => {
      assert.ok(error instanceof UnavailableError, String(error));
      assert.match(error.message, /\/proc\/self\/nope\/x\.db/);
      return true;
    });
  });
});
