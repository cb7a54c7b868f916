import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newKeyParts, secretHash, secretMatches } from '../../src/keys/api-key.js';

describe('a key secret against its stored hash', () => {
  const { secret } = newKeyParts();
  const stored = secretHash(secret);

  it('matches only the secret that was hashed', () => {
    assert.equal(secretMatches(secret, stored), true);
    assert.equal(secretMatches(newKeyParts().secret, stored), false);
    const last = secret.at(-1) === 'A' ? 'B' : 'A';
    assert.equal(secretMatches(`${secret.slice(0, -1)}${last}`, stored), false);
  });

  it('refuses a stored hash that differs in one character, at either end, or in length', () => {
    const flip = (c: string) => (c === '0' ? '1' : '0');
    assert.equal(secretMatches(secret, `${flip(stored[0] as string)}${stored.slice(1)}`), false);
    assert.equal(secretMatches(secret, `${stored.slice(0, -1)}${flip(stored.at(-1) as string)}`), false);
    assert.equal(secretMatches(secret, stored.slice(0, -1)), false);
    assert.equal(secretMatches(secret, `${stored}0`), false);
    assert.equal(secretMatches(secret, ''), false);
  });
});
