import { backends } from './backends/builtin.js';
import type { ContextSpec } from './config/context-spec.js';
import { DatasetStore } from './datasets/dataset-store.js';
import { ModelStore } from './models/model-store.js';
import { ContextRuntime } from './runtime/context-runtime.js';
import { Runtime } from './runtime/runtime.js';
import { ScriptStore } from './scripts/script-store.js';
import type { Engine } from './storage/engine.js';
import { MetadataRepository } from './storage/metadata-repository.js';
import { validateBucket } from './store/names.js';
import { Store } from './store/store.js';

/** One open context: its spec and engine, shared by every bucket handle of it. */
export interface OpenContext {
  readonly spec: ContextSpec;
  readonly engine: Engine;
  /** The context's executors; the first handle of a context makes them. */
  readonly runtime?: ContextRuntime;
}

/**
 * One context, one bucket: the stores (`datasets`, `models`, `scripts`, `jobs`) of that
 * bucket. `bucket()` returns another handle on the same context; this one is unchanged.
 */
export class Omega {
  readonly datasets: DatasetStore;
  readonly models: ModelStore;
  readonly scripts: ScriptStore;
  readonly jobs: Store;
  private closing: Promise<void> | undefined;
  private defaultRuntime: Runtime | undefined;

  private readonly open: Required<OpenContext>;

  constructor(
    open: OpenContext,
    readonly bucketName: string = open.spec.bucket,
  ) {
    this.open = { ...open, runtime: open.runtime ?? new ContextRuntime(open.spec, () => this) };
    const scope = {
      engine: open.engine,
      context: open.spec.name,
      bucket: validateBucket(bucketName),
      promotionConditions: open.spec.promotionConditions,
    };
    this.datasets = new DatasetStore(scope);
    this.models = new ModelStore(scope);
    this.scripts = new ScriptStore(scope);
    this.jobs = new Store(scope, 'jobs/', backends);
  }

  /** The context's name. */
  get context(): string {
    return this.open.spec.name;
  }

  /** Runs models and scripts of this context and bucket, locally or on workers (API.md §6). */
  get runtime(): Runtime {
    this.defaultRuntime ??= new Runtime(this, this.open.runtime);
    return this.defaultRuntime;
  }

  /** The resolved context this handle works in (store location, broker, conditions). */
  get spec(): ContextSpec {
    return this.open.spec;
  }

  /** A handle on `name` in the same context; `'default'` is the default bucket. */
  bucket(name: string): Omega {
    return name === this.bucketName ? this : new Omega(this.open, validateBucket(name));
  }

  /** Names of the buckets that hold at least one object, sorted. */
  async buckets(): Promise<string[]> {
    return new MetadataRepository(this.open.engine).buckets();
  }

  /** Releases the context's connections (for every bucket handle of it). Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.open.runtime.close().finally(() => this.open.engine.close());
    return this.closing;
  }
}
