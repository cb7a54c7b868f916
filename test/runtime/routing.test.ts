import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { setup, UnavailableError } from '../../src/index.js';
import { testSite } from '../helpers/engines.js';

// Nothing listens on port 1: a broker there is unreachable.
const DEAD_BROKER = 'redis://127.0.0.1:1/0';

describe('choosing the local runtime', () => {
  const site = testSite('sqlite');
  after(() => site.cleanup());

  it('OMEGA_LOCAL_RUNTIME=1 and setup({ local }) run tasks in-process even with a broker', async () => {
    const saved = process.env.OMEGA_LOCAL_RUNTIME;
    process.env.OMEGA_LOCAL_RUNTIME = '1';
    try {
      const om = await setup({ ...site.context('envlocal'), broker: DEAD_BROKER });
      assert.equal(om.runtime.isLocal, true);
      assert.match((await om.runtime.ping()).worker, /^local@/);
      await om.close();
    } finally {
      if (saved === undefined) delete process.env.OMEGA_LOCAL_RUNTIME;
      else process.env.OMEGA_LOCAL_RUNTIME = saved;
    }
    const om = await setup({ ...site.context('optlocal'), broker: DEAD_BROKER, local: true });
    assert.match(
      (await om.runtime.require('gpu').ping()).worker,
      /^local@/,
      'require(label) keeps the context default',
    );
    await om.close();
  });

  it('an unreachable broker rejects the task with an UnavailableError naming it, without the password', async () => {
    const om = await setup({ ...site.context('remote'), broker: 'redis://user:secret@127.0.0.1:1/0' });
    assert.equal(om.runtime.isLocal, false);
    assert.equal(om.runtime.require('local').isLocal, true);
    assert.equal(
      om.runtime.mode({ local: true }).require('gpu').isLocal,
      false,
      'naming a worker label ends local mode',
    );
    await assert.rejects(
      async () => await om.runtime.ping(),
      (error: unknown) => {
        assert.ok(error instanceof UnavailableError, String(error));
        assert.match(
          error.message,
          /cannot reach the broker redis:\/\/user:\*\*\*@127\.0\.0\.1:1\/0 of context remote/,
        );
        assert.doesNotMatch(error.message, /secret/);
        return true;
      },
    );
    await om.close();
  });
});
