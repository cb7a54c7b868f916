import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RandomForestClassifier } from 'ml-random-forest';
import { TaskError, ValidationError } from '../../../src/errors.js';
import { randomForestClassifierCodec } from '../../../src/models/mljs/random-forest-classifier.js';
import { packRows } from '../../../src/runtime/training/packed-rows.js';
import type { TrainingJob } from '../../../src/runtime/training/protocol.js';
import { TrainingPool } from '../../../src/runtime/training/training-pool.js';
import { trainingRows } from '../bullmq/training.js';

/** Rows of two features and their labels. */
function data(n: number): { X: number[][]; Y: string[] } {
  const rows = trainingRows(n);
  return { X: rows.map((row) => [row.a, row.b]), Y: rows.map((row) => row.label) };
}

/** A job fitting an untrained forest on `n` rows of two features, packed as the Trainer sends them. */
async function forestJob(n: number, params: Record<string, unknown> = {}): Promise<TrainingJob> {
  const untrained = new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true });
  const { bytes } = await randomForestClassifierCodec.encode(untrained);
  const { X, Y } = data(n);
  return {
    kind: randomForestClassifierCodec.kind,
    kindMeta: {},
    bytes,
    action: 'fit',
    params,
    X: packRows(X),
    Y,
  };
}

describe('TrainingPool: models trained in worker threads', () => {
  it('returns the model trained and encoded, the same bytes as training it here gives', async () => {
    const pool = new TrainingPool({ size: 1 });
    try {
      const trained = await pool.train(await forestJob(200));
      assert.equal(trained.fitted, true);
      const here = new RandomForestClassifier({ nEstimators: 5, seed: 1, noOOB: true });
      const estimator = randomForestClassifierCodec.estimator(here, {});
      const { X, Y } = data(200);
      await estimator.fit(X, Y);
      const encoded = await randomForestClassifierCodec.encode(here);
      assert.deepEqual(Buffer.from(trained.bytes), Buffer.from(encoded.bytes));
      assert.deepEqual(trained.meta, encoded.meta);
    } finally {
      await pool.close();
    }
  });

  it('a training error comes back of the same class, with the same message', async () => {
    const pool = new TrainingPool({ size: 1 });
    try {
      await assert.rejects(pool.train(await forestJob(20, { epochs: 3 })), (error: unknown) => {
        assert.ok(error instanceof ValidationError, String(error));
        assert.equal(error.message, 'models of kind mljs.random-forest-classifier take no parameters (got epochs)');
        return true;
      });
      assert.equal((await pool.train(await forestJob(20))).fitted, true, 'the thread goes on serving');
    } finally {
      await pool.close();
    }
  });

  it('a thread that runs out of memory fails its job with a TaskError and is replaced', async () => {
    const pool = new TrainingPool({ size: 1, resourceLimits: { maxOldGenerationSizeMb: 16 } });
    try {
      await assert.rejects(pool.train(await forestJob(400_000)), (error: unknown) => {
        assert.ok(error instanceof TaskError, String(error));
        assert.match(error.message, /^the thread training the model stopped \(.*memory.*\); the fit stored nothing$/);
        return true;
      });
      assert.equal((await pool.train(await forestJob(50))).fitted, true, 'a new thread took its place');
    } finally {
      await pool.close();
    }
  });

  it('an abandoned fit (its task timed out) stops its thread; the next fit gets a new one', async () => {
    const pool = new TrainingPool({ size: 1 });
    try {
      const abandoned = new AbortController();
      const long = pool.train(await forestJob(20_000), abandoned.signal);
      const next = pool.train(await forestJob(20));
      abandoned.abort();
      await assert.rejects(long, (error: unknown) => {
        assert.ok(error instanceof TaskError, String(error));
        assert.match(error.message, /^the fit was abandoned \(its task timed out\) and its thread stopped/);
        return true;
      });
      assert.equal((await next).fitted, true);
    } finally {
      await pool.close();
    }
  });

  it('closing fails the running job and the waiting ones with a TaskError', async () => {
    const pool = new TrainingPool({ size: 1 });
    const jobs = [await forestJob(2_000), await forestJob(20)];
    const outcomes = Promise.allSettled(jobs.map((job) => pool.train(job)));
    await pool.close();
    const closed = /^the runtime was closed while the model trained; the fit stored nothing$/;
    for (const outcome of await outcomes) {
      assert.equal(outcome.status, 'rejected');
      assert.ok(outcome.reason instanceof TaskError, String(outcome.reason));
      assert.match(outcome.reason.message, closed);
    }
    await assert.rejects(pool.train(jobs[1] as TrainingJob), (error: unknown) => {
      assert.ok(error instanceof TaskError && closed.test(error.message), String(error));
      return true;
    });
  });
});
