import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stallOptions } from '../../../src/runtime/bullmq/stall-options.js';

describe('stallOptions: BullMQ settings for om worker --stall-ms', () => {
  for (const stallMs of [2_000, 30_000]) {
    it(`a dead worker's lock expires and the next check finds it within ${stallMs} ms`, () => {
      const { lockDuration, lockRenewTime, stalledInterval } = stallOptions(stallMs);
      // BullMQ moves a job one check after its lock expired: up to lockDuration + stalledInterval.
      assert.ok(lockDuration + stalledInterval <= stallMs, `${lockDuration} + ${stalledInterval} > ${stallMs}`);
      // A live worker renews its lock well before it expires: it survives blocks of up to half of stallMs.
      assert.ok(lockDuration - lockRenewTime >= stallMs / 2);
    });
  }
});
