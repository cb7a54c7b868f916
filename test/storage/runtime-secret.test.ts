import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseStoreUrl } from '../../src/config/urls.js';
import { parseTaskMessage } from '../../src/runtime/message.js';
import { MessageSigner } from '../../src/runtime/message-signer.js';
import type { Engine } from '../../src/storage/engine.js';
import { openEngine } from '../../src/storage/open-engine.js';
import { RUNTIME_SECRET, SecretRepository } from '../../src/storage/secret-repository.js';
import { ENGINES, type TestSite, testSite } from '../helpers/engines.js';

const ping = parseTaskMessage({
  v: 1,
  id: '6f1c1c3e-8d5a-4a55-9d0e-2b7a4a1f0c11',
  context: 'c',
  bucket: 'default',
  label: 'default',
  submitted: '2026-12-07T10:00:00.000Z',
  task: 'ping',
});

for (const engine of ENGINES) {
  describe(`runtime secret (${engine})`, () => {
    let site: TestSite;
    let store: Engine;
    let other: Engine;
    before(async () => {
      site = testSite(engine);
      store = await openEngine(parseStoreUrl(site.storeUrl(), site.home, 'test'));
      other = await openEngine(parseStoreUrl(site.storeUrl(), site.home, 'test'));
    });
    after(async () => {
      await store?.close();
      await other?.close();
      await site?.cleanup();
    });

    it('every store gets its own random 256-bit key from the migration', async () => {
      const [a, b] = await Promise.all([store, other].map((e) => new SecretRepository(e).read(RUNTIME_SECRET)));
      assert.match(a?.value ?? '', /^[0-9a-f]{64}$/);
      assert.notEqual(a?.value, b?.value);
      assert.equal(a?.previous, null);
    });

    it('a signature verifies with the same store and not with another one', async () => {
      const sig = await new MessageSigner(new SecretRepository(store)).sign(ping);
      await new MessageSigner(new SecretRepository(store)).verify({ ...ping, sig });
      await assert.rejects(new MessageSigner(new SecretRepository(other)).verify({ ...ping, sig }), {
        code: 'OMEGA_INVALID',
        message: /signature does not match context c's runtime secret/,
      });
    });

    it('rotation makes a new key, keeps the old one as previous, and a signer of another process re-reads it', async () => {
      const before = await new SecretRepository(store).read(RUNTIME_SECRET);
      const verifier = new MessageSigner(new SecretRepository(store));
      await verifier.verify({ ...ping, sig: await new MessageSigner(new SecretRepository(store)).sign(ping) });
      const rotating = new MessageSigner(new SecretRepository(store));
      await rotating.rotate();
      const after = await new SecretRepository(store).read(RUNTIME_SECRET);
      assert.notEqual(after.value, before.value);
      assert.equal(after.previous, before.value);
      // Signed with the new key: the verifier, which cached the old one, re-reads it on the mismatch.
      await new Promise((resolve) => setTimeout(resolve, 1_050));
      await verifier.verify({ ...ping, sig: await rotating.sign(ping) });
    });
  });
}
