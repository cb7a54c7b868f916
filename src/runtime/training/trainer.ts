import { PreEncodedModel } from '../../models/model-backend.js';
import type { ModelCodec } from '../../models/model-codec.js';
import type { Metadata } from '../../store/metadata.js';
import type { RuntimeScope } from '../runtime-scope.js';
import { packRows } from './packed-rows.js';
import { trainsInThread } from './thread-codecs.js';
import { type TrainingAction, train } from './train.js';
import { TrainingPool } from './training-pool.js';

/** What to train a model version on. */
export interface TrainingRequest {
  readonly action: TrainingAction;
  readonly params: Readonly<Record<string, unknown>>;
  readonly X: number[][];
  readonly Y: readonly (number | string)[];
}

/**
 * Trains models for a task runner. Built-in kinds train in a TrainingPool thread (started on the
 * first fit), so the event loop stays free; the result is the model as its codec encoded it,
 * stored without being decoded here. Kinds whose backend was registered in this process
 * (`setup({ backends })`) cannot be loaded in a thread: they train in this thread, and a long
 * synchronous fit of theirs blocks the event loop as before.
 */
export class Trainer {
  private pool: TrainingPool | undefined;

  /** `threads`: how many models may train at once in threads. */
  constructor(private readonly threads: number) {}

  /**
   * The trained model of `meta`'s version, to put as the new version. Aborting `signal` (the task
   * timed out) stops a thread that trains it.
   */
  async train(
    om: RuntimeScope,
    meta: Metadata,
    codec: ModelCodec,
    request: TrainingRequest,
    signal?: AbortSignal,
  ): Promise<unknown> {
    const { action, params, X, Y } = request;
    if (!trainsInThread(codec)) {
      const estimator = codec.estimator(await om.models.get(`${meta.name}@${meta.kindMeta.version}`), params);
      await train(estimator, action, X, Y);
      return estimator.model;
    }
    const bytes = await om.models.encodedBytes(meta);
    this.pool ??= new TrainingPool({ size: this.threads });
    const job = { kind: meta.kind, kindMeta: meta.kindMeta, bytes, action, params, X: packRows(X), Y };
    const encoded = await this.pool.train(job, signal);
    return new PreEncodedModel(meta.kind, encoded);
  }

  /** Ends the training threads; fits running in them fail. */
  async close(): Promise<void> {
    await this.pool?.close();
  }
}
