import type { ArchiveEnd } from './archive/archive-end.js';
import { parseSelector } from './archive/selectors.js';
import type {
  ArchiveImportOptions,
  ArchiveImportResult,
  ArchiveSummary,
  GcOptions,
  GcReport,
} from './archive/types.js';
import type { ContextSpec } from './config/context-spec.js';
import { DatasetStore } from './datasets/dataset-store.js';
import { UnavailableError } from './errors.js';
import { JobStore } from './jobs/job-store.js';
import { type AuditEntry, AuditLog, type AuditQuery } from './keys/audit-log.js';
import { KeyStore } from './keys/key-store.js';
import { lineageOf } from './lineage/lineage.js';
import type { ContextOpener, Lineage } from './lineage/types.js';
import { ModelStore } from './models/model-store.js';
import { Runtime } from './runtime/runtime.js';
import type { RuntimeScope } from './runtime/runtime-scope.js';
import { ContextSchedules } from './schedules/context-schedules.js';
import { ScriptStore } from './scripts/script-store.js';
import { guardedEngine, type OpenContext, SharedContext } from './shared-context.js';
import { MetadataRepository } from './storage/metadata-repository.js';
import { validateBucket } from './store/names.js';

export type { OpenContext } from './shared-context.js';

/**
 * One context, one bucket: the stores (`datasets`, `models`, `scripts`, `jobs`) of that
 * bucket. `bucket()` returns another handle on the same context; this one is unchanged.
 * `close()` on the handle `setup()` returned closes the context (every handle of it); on a
 * handle from `bucket()` it closes that handle only. A closed handle answers with UnavailableError.
 */
export class Omega implements RuntimeScope {
  readonly datasets: DatasetStore;
  readonly models: ModelStore;
  readonly scripts: ScriptStore;
  readonly jobs: JobStore;
  private readonly shared: SharedContext;
  /** The context as this handle sees it: its engine refuses use once the handle is closed. */
  private readonly open: OpenContext;
  private readonly owner: boolean;
  private ownClosed = false;
  private defaultRuntime: Runtime | undefined;
  private keyStore: KeyStore | undefined;
  private contextAuditLog: AuditLog | undefined;

  constructor(
    open: OpenContext,
    readonly bucketName: string = open.spec.bucket,
  ) {
    this.owner = !(open instanceof SharedContext);
    this.shared = open instanceof SharedContext ? open : new SharedContext(open, () => this);
    this.open = { spec: open.spec, engine: guardedEngine(open.engine, () => this.assertOpen()) };
    const scope = {
      engine: this.open.engine,
      context: open.spec.name,
      bucket: validateBucket(bucketName),
      promotionConditions: open.spec.promotionConditions,
      conditions: this.shared.conditions,
      brokerSchedules: () => this.shared.runtime.brokerSchedules(),
    };
    const { backends } = this.shared;
    this.datasets = new DatasetStore(scope, backends);
    this.models = new ModelStore(scope, backends);
    this.scripts = new ScriptStore(scope, backends);
    this.jobs = new JobStore(scope, backends);
  }

  /** The context's name. */
  get context(): string {
    return this.open.spec.name;
  }

  /** Runs models and scripts of this context and bucket, locally or on workers (API.md §6). */
  get runtime(): Runtime {
    this.assertOpen();
    this.defaultRuntime ??= new Runtime(this, this.shared.runtime);
    return this.defaultRuntime;
  }

  /** The API keys of the context (not of a bucket): create, list, revoke (API.md §11). */
  get keys(): KeyStore {
    this.assertOpen();
    this.keyStore ??= new KeyStore(this.open.engine, this.context);
    return this.keyStore;
  }

  /** The context's audit log of mutating requests and key changes; `audit()` reads it. */
  get auditLog(): AuditLog {
    this.assertOpen();
    this.contextAuditLog ??= new AuditLog(this.open.engine);
    return this.contextAuditLog;
  }

  /** The context's audit log, oldest first: `since` a Date, an ISO date or a duration back (`1h`). */
  audit(query?: AuditQuery): Promise<AuditEntry[]> {
    return this.auditLog.read(query);
  }

  /** The resolved context this handle works in (store location, broker, conditions). */
  get spec(): ContextSpec {
    return this.open.spec;
  }

  /** A handle on `name` in the same context; `'default'` is the default bucket. */
  bucket(name: string): Omega {
    this.assertOpen();
    return name === this.bucketName ? this : new Omega(this.shared, validateBucket(name));
  }

  /** Names of the buckets that hold at least one object, sorted. */
  async buckets(): Promise<string[]> {
    return new MetadataRepository(this.open.engine).buckets();
  }

  /**
   * The lineage of `name`, a store and a name such as `models/iris` (API.md §14): the versions
   * and what each was trained on (and whether that data changed since), and the promotions into
   * it, followed to their sources in other buckets and in the contexts of the same config
   * (`openContext` opens them instead).
   */
  lineage(name: string, options: { openContext?: ContextOpener } = {}): Promise<Lineage> {
    this.assertOpen();
    return lineageOf(this, name, options.openContext ?? this.shared.contexts);
  }

  /** Every schedule of the context, whatever its bucket (API.md §12): read by `om scheduler` and status. */
  schedules(): ContextSchedules {
    return new ContextSchedules(this.open.engine, () => this.shared.runtime.brokerSchedules());
  }

  /**
   * Writes the objects the selectors name (`models/iris`, `models/iris@v2`, `datasets/sales*`)
   * from this bucket into one `.tgz` archive at `path` (API.md §14); `om runtime export`.
   */
  async toArchive(selectors: readonly string[], path: string): Promise<ArchiveSummary> {
    const parsed = selectors.map(parseSelector);
    const { exportArchive } = await import('./archive/export-archive.js');
    return exportArchive(
      parsed.map(({ prefix, pattern }) => ({ end: this.storeOf(prefix).archiveEnd(), pattern })),
      path,
    );
  }

  /**
   * Imports every member of the archive at `path` into its store of this bucket: all hashes
   * checked first, then one transaction, or nothing; `om runtime import`.
   */
  async fromArchive(path: string, options: ArchiveImportOptions = {}): Promise<ArchiveImportResult> {
    const { importArchive } = await import('./archive/import-archive.js');
    return importArchive(path, (prefix): ArchiveEnd => this.storeOf(prefix).archiveEnd(), options);
  }

  /**
   * Removes blobs and partial uploads that no object of any bucket references (API.md §14,
   * `om gc`); anything written after gc started, or within `graceSeconds` before, is kept.
   */
  async gc(options: GcOptions = {}): Promise<GcReport> {
    this.assertOpen();
    const { collectGarbage } = await import('./archive/gc.js');
    return collectGarbage(this.open.engine, options);
  }

  private storeOf(prefix: string): DatasetStore | ModelStore | ScriptStore | JobStore {
    if (prefix === 'data/') return this.datasets;
    if (prefix === 'models/') return this.models;
    return prefix === 'scripts/' ? this.scripts : this.jobs;
  }

  /**
   * On the handle `setup()` returned: lets running local tasks end and releases the context's
   * connections, which closes every handle of it. On a handle from `bucket()`: closes that
   * handle only. Idempotent.
   */
  async close(): Promise<void> {
    if (this.owner) return this.shared.close();
    this.ownClosed = true;
  }

  private assertOpen(): void {
    if (this.shared.isClosed) throw new UnavailableError(`context ${this.context} is closed`);
    if (this.ownClosed) {
      throw new UnavailableError(
        `this handle on bucket ${this.bucketName} of context ${this.context} is closed; the context stays open for its other handles`,
      );
    }
  }
}
