import { ValidationError } from '../errors.js';
import { type BundleEnds, promoteBundle } from '../promotion/bundle.js';
import { type RollbackOptions, type RollbackResult, rollback } from '../promotion/rollback.js';
import type { PromoteOptions, PromotionResult } from '../promotion/types.js';
import type { StoreScope } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import type { BackendRegistry } from '../store/registry.js';
import { type PutOptions, Store } from '../store/store.js';
import { isModelBackend } from './model-backend.js';
import type { ModelCodec } from './model-codec.js';

/** `om.models`: a Store whose every put is an immutable, content-named version. */
export class ModelStore extends Store {
  constructor(
    scope: Omit<StoreScope, 'prefix'>,
    private readonly backends: BackendRegistry,
  ) {
    super(scope, 'models/', backends);
  }

  /** Raw bytes with a forced kind (e.g. an .onnx file with `kind: 'onnx'`) become that kind's model object. */
  override async put(obj: unknown, name: string, options: PutOptions = {}): Promise<Metadata> {
    const backend = options.kind === undefined ? undefined : this.backends.find(options.kind, 'models/');
    const codec = isModelBackend(backend) ? backend.codec : undefined;
    const bytes = obj instanceof Uint8Array;
    const model = codec?.fromBytes && bytes && !codec.supports(obj) ? await codec.fromBytes(obj) : obj;
    return super.put(model, name, options);
  }

  /** The codec that drives models of `kind` in this context (its backend's); a ValidationError when none does. */
  codec(kind: string): ModelCodec {
    const backend = this.backends.find(kind, 'models/');
    if (isModelBackend(backend)) return backend.codec;
    throw new ValidationError(
      `models of kind ${kind} cannot be run by the runtime: ${backend ? 'its backend has no codec (register it with modelBackend(codec))' : 'no backend of this context stores that kind'}`,
    );
  }

  /**
   * A version's bytes as its codec encoded them (checked against their hash), for a training
   * thread that decodes the model itself. Only for kinds stored by `modelBackend`.
   */
  encodedBytes(meta: Metadata): Promise<Buffer> {
    return this.blobBytes(meta);
  }

  /**
   * As `Store.promote`; with `with: 'datasets'` the model travels with the datasets its fit
   * recorded, all in one target transaction (a bundle, API.md §14).
   */
  override async promote(name: string, target: Store, options: PromoteOptions = {}): Promise<PromotionResult> {
    if (options.with === undefined) return super.promote(name, target, options);
    if (options.with !== 'datasets') {
      throw new ValidationError(`with must be 'datasets', not ${JSON.stringify(options.with)}`);
    }
    if (!(target instanceof ModelStore)) {
      throw new ValidationError(
        "promote(name, target, { with: 'datasets' }): target must be a models store, e.g. prod.models",
      );
    }
    return promoteBundle(this.bundleEnds(), name, target.bundleEnds(), options);
  }

  /** The model and dataset stores of this bucket, as a bundle promotion sees them. */
  protected bundleEnds(): BundleEnds {
    return { models: this.promotionEnd(), datasets: this.siblingEnd('data/') };
  }

  /** Makes an earlier version (default: the one before the latest) the latest again, and records it. */
  rollback(name: string, options: RollbackOptions = {}): Promise<RollbackResult> {
    return rollback(this.promotionEnd(), name, options);
  }
}
