import { backends } from '../backends/builtin.js';
import { type RollbackOptions, type RollbackResult, rollback } from '../promotion/rollback.js';
import type { StoreScope } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import { type PutOptions, Store } from '../store/store.js';
import { modelCodecs } from './codecs.js';

/** `om.models`: a Store whose every put is an immutable, content-named version. */
export class ModelStore extends Store {
  constructor(scope: Omit<StoreScope, 'prefix'>) {
    super(scope, 'models/', backends);
  }

  /** Raw bytes with a forced kind (e.g. an .onnx file with `kind: 'onnx'`) become that kind's model object. */
  override async put(obj: unknown, name: string, options: PutOptions = {}): Promise<Metadata> {
    const codec = options.kind === undefined ? undefined : modelCodecs.find((c) => c.kind === options.kind);
    const bytes = obj instanceof Uint8Array;
    const model = codec?.fromBytes && bytes && !codec.supports(obj) ? await codec.fromBytes(obj) : obj;
    return super.put(model, name, options);
  }

  /** Makes an earlier version (default: the one before the latest) the latest again, and records it. */
  rollback(name: string, options: RollbackOptions = {}): Promise<RollbackResult> {
    return rollback(this.promotionEnd(), name, options);
  }
}
