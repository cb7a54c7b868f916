import { Readable } from 'node:stream';
import type { ArchiveEnd } from '../archive/archive-end.js';
import type { ArchiveImportOptions, ArchiveImportResult, ArchiveSummary } from '../archive/types.js';
import { IntegrityError, NotFoundError, ValidationError } from '../errors.js';
import { bundleRecords, listRecords } from '../promotion/ledger.js';
import { type PromotionEnd, promote } from '../promotion/promote.js';
import type { PromoteOptions, PromotionRecord, PromotionResult } from '../promotion/types.js';
import { MetadataRepository, type ObjectKey } from '../storage/metadata-repository.js';
import { RevisionRepository } from '../storage/revision-repository.js';
import { applyAttributeUpdate, attributeUpdate, checkKeys } from './attribute-update.js';
import { type BlobPut, isTransactional, type StorePrefix, type StoreScope, typeName } from './backend.js';
import { blobHash, blobKindMeta } from './blob-meta.js';
import { type ListOptions, listFilter } from './list-filter.js';
import { fromRow, type Metadata } from './metadata.js';
import { type ModifierRules, parseName, validateName } from './names.js';
import type { ObjectReader } from './object-reader.js';
import { continuedBy, ObjectWriter } from './object-writer.js';
import { namesMatching } from './regexp-match.js';
import type { BackendRegistry } from './registry.js';
import type { DropOptions, GetOptions, PutOptions } from './store-options.js';
import { checkTag, type RevisionInfo, revisionInfo, selectRevision, tagVersion } from './versions.js';

export type { DropOptions, GetOptions, PutOptions } from './store-options.js';

const MODIFIERS: Record<StorePrefix, ModifierRules> = {
  'data/': { projection: true, version: false },
  'models/': { projection: false, version: true },
  'scripts/': { projection: false, version: true },
  'jobs/': { projection: false, version: false },
};

/** The store names of the config (`promotion.conditions.<store>`) and the CLI. */
const STORE_NAMES: Record<StorePrefix, string> = {
  'data/': 'datasets',
  'models/': 'models',
  'scripts/': 'scripts',
  'jobs/': 'jobs',
};

/** Metadata that its reader must not change (see Store.metadataView). */
export type MetadataView = Readonly<Omit<Metadata, 'kindMeta' | 'attributes'>> & {
  readonly kindMeta: Readonly<Record<string, unknown>>;
  readonly attributes: Readonly<Record<string, unknown>>;
};

/** Metadata of committed rows, by row (see Store.metadataView). */
const views = new WeakMap<object, Metadata>();

/** The objects of one prefix in one bucket of one context (API.md §3). */
export class Store implements ObjectReader {
  protected readonly scope: StoreScope;
  private readonly metadataRows: MetadataRepository;
  private readonly revisionRows: RevisionRepository;
  private readonly writer: ObjectWriter;

  constructor(
    scope: Omit<StoreScope, 'prefix'>,
    readonly prefix: StorePrefix,
    private readonly registry: BackendRegistry,
  ) {
    this.scope = { ...scope, prefix };
    this.metadataRows = new MetadataRepository(scope.engine);
    this.revisionRows = new RevisionRepository(scope.engine.db);
    this.writer = new ObjectWriter(this.scope, registry, this.metadataRows, MODIFIERS[prefix].version);
  }

  get bucket(): string {
    return this.scope.bucket;
  }

  get context(): string {
    return this.scope.context;
  }

  async put(obj: unknown, name: string, options: PutOptions = {}): Promise<Metadata> {
    const objectName = validateName(name);
    const attributes = validateAttributes(options.attributes);
    if (MODIFIERS[this.prefix].version) checkTag(options.tag);
    const backend =
      options.kind === undefined
        ? this.registry.forObject(obj, this.prefix)
        : this.registry.byKind(options.kind, this.prefix);
    if (options.kind !== undefined && !backend.supports(obj)) {
      throw new ValidationError(
        `kind ${backend.kind} cannot store an object of type ${typeName(obj)} as ${this.label(objectName)}`,
      );
    }
    // Blob backends write their immutable data first; transactional ones inside the transaction.
    const blobPut = isTransactional(backend)
      ? null
      : await backend.put(this.scope, obj, {
          name: objectName,
          previous: continuedBy(await this.metadata(objectName), backend.kind, options.replace),
          options,
        });
    return this.writer.write(objectName, {
      kind: backend.kind,
      content: (tx, previous) =>
        isTransactional(backend)
          ? backend.write(tx, obj, { name: objectName, previous, options })
          : Promise.resolve(blobKindMeta(blobPut as BlobPut)),
      attributes,
      mergeAttributes: 'continued',
      replace: options.replace,
      tag: options.tag,
    });
  }

  /**
   * The object, restored by its backend. Its type depends on what was stored: name it,
   * `get<MyType>(name)` (unknown by default). The dataset and script stores say more.
   */
  get<T = unknown>(name: string, options?: GetOptions): Promise<T>;
  async get(name: string, options: GetOptions = {}): Promise<unknown> {
    const parsed = parseName(name, MODIFIERS[this.prefix]);
    const latest = await this.latest(parsed.name);
    if (!latest) throw this.notFound(parsed.name);
    const meta = parsed.version
      ? await selectRevision(this.revisionRows, latest, parsed.version, this.label(parsed.name))
      : latest;
    const backend = this.registry.byKind(meta.kind, this.prefix);
    if (parsed.columns && !backend.projects) {
      throw new ValidationError(`${this.label(parsed.name)} is of kind ${meta.kind}, which has no columns to project`);
    }
    const version = typeof meta.kindMeta.version === 'string' ? ` version ${meta.kindMeta.version.slice(0, 12)}` : '';
    const label = `${this.label(parsed.name)}${version}`;
    try {
      const value = await backend.get(this.scope, { meta, columns: parsed.columns, version: parsed.version, options });
      return value instanceof Readable ? namingIntegrityErrors(value, label) : value;
    } catch (error) {
      throw namedIntegrityError(error, label);
    }
  }

  /**
   * The stored bytes of a blob-backed version (checked against their hash), undecoded; an
   * IntegrityError naming the object when they are damaged, as `get` would give.
   */
  protected async blobBytes(meta: Metadata): Promise<Buffer> {
    const version = typeof meta.kindMeta.version === 'string' ? ` version ${meta.kindMeta.version.slice(0, 12)}` : '';
    try {
      return await this.scope.engine.blobs.read(blobHash(meta));
    } catch (error) {
      throw namedIntegrityError(error, `${this.label(meta.name)}${version}`);
    }
  }

  list(pattern?: string, options?: ListOptions & { raw?: false }): Promise<string[]>;
  list(pattern: string | undefined, options: ListOptions & { raw: true }): Promise<Metadata[]>;
  async list(pattern?: string, options: ListOptions & { raw?: boolean } = {}): Promise<string[] | Metadata[]> {
    const { regexp, ...selection } = listFilter(pattern, options);
    const where = { ...selection, bucket: this.scope.bucket, prefix: this.prefix };
    if (options.raw) {
      const rows = await this.metadataRows.rows(where);
      return (regexp ? await namesMatching(regexp, rows, (row) => row.name) : rows).map(fromRow);
    }
    const names = await this.metadataRows.names(where);
    return regexp ? namesMatching(regexp, names, (name) => name) : names;
  }

  /**
   * Copies `name` (a version with `m@tag`) into `target`: another bucket, another context, or
   * this store under `asName` (API.md §7). Conditions first; then one target transaction.
   */
  async promote(name: string, target: Store, options: PromoteOptions = {}): Promise<PromotionResult> {
    if (!(target instanceof Store)) {
      throw new ValidationError('promote(name, target): target must be a store, e.g. prod.models');
    }
    if (options.with !== undefined) {
      throw new ValidationError(
        `with: ${JSON.stringify(options.with)} is for models, which promote with the datasets of their fit; ${this.prefix} objects have none`,
      );
    }
    return promote(this.promotionEnd(), name, target.promotionEnd(), options);
  }

  /**
   * Writes the objects `names` select (a name, `name@tag` for one version of a model or script,
   * or a pattern with `*`) with every version into the `.tgz` archive `path` (API.md §14).
   */
  async toArchive(names: string | readonly string[], path: string): Promise<ArchiveSummary> {
    const { exportArchive } = await import('../archive/export-archive.js');
    const patterns = typeof names === 'string' ? [names] : names;
    return exportArchive(
      patterns.map((pattern) => ({ end: this.archiveEnd(), pattern })),
      path,
    );
  }

  /**
   * Imports this store's members of the archive `path` (only `name` when given) into this
   * store and bucket: every hash is checked first, then all are written in one transaction, or
   * none. An existing object is a ConflictError unless `options.replace`.
   */
  async fromArchive(path: string, name?: string, options: ArchiveImportOptions = {}): Promise<ArchiveImportResult> {
    const { importArchive } = await import('../archive/import-archive.js');
    const only = name === undefined ? undefined : validateName(name);
    return importArchive(path, (prefix) => (prefix === this.prefix ? this.archiveEnd() : null), {
      ...options,
      only: only === undefined ? undefined : { prefix: this.prefix, name: only },
    });
  }

  /** @internal How archives see this store. */
  archiveEnd(): ArchiveEnd {
    return { store: this, scope: this.scope, registry: this.registry, versioned: MODIFIERS[this.prefix].version };
  }

  /** The ledger of promotions and rollbacks into this store (of this bucket), oldest first. */
  promotions(name?: string): Promise<PromotionRecord[]> {
    return listRecords(
      this.scope.engine.db,
      this.scope.bucket,
      this.prefix,
      name === undefined ? undefined : validateName(name),
    );
  }

  /** The ledger records of one bundle promotion into this context (its model and datasets), in the order written. */
  bundlePromotions(bundle: string): Promise<PromotionRecord[]> {
    return bundleRecords(this.scope.engine.db, bundle);
  }

  /** How promotion sees this store, its own writer included. */
  protected promotionEnd(): PromotionEnd {
    const storeName = STORE_NAMES[this.prefix];
    return {
      store: this,
      scope: this.scope,
      registry: this.registry,
      conditions: this.scope.promotionConditions?.[storeName] ?? [],
      versioned: MODIFIERS[this.prefix].version,
      writer: this.writer,
    };
  }

  /** How promotion sees the `prefix` store of this store's bucket (a bundle's other members). */
  protected siblingEnd(prefix: StorePrefix): PromotionEnd {
    const { prefix: _own, ...scope } = this.scope;
    return new Store(scope, prefix, this.registry).promotionEnd();
  }

  /** The versions of a model or script, oldest first, with their tags. */
  async revisions(name: string): Promise<RevisionInfo[]> {
    if (!MODIFIERS[this.prefix].version) throw new ValidationError(`objects of store ${this.prefix} have no versions`);
    const { name: base } = parseName(name, MODIFIERS[this.prefix]);
    if (!(await this.metadataRows.get(this.keyOf(base)))) throw this.notFound(base);
    return revisionInfo(this.revisionRows, this.keyOf(base));
  }

  /**
   * Moves `tag` to the version `name` selects (`m@<version>`, `m@<tag>`, `m^`; plain `m`: the
   * latest) and gives that version's metadata. The object gains no version.
   */
  async tag(name: string, tag: string): Promise<Metadata> {
    if (!MODIFIERS[this.prefix].version) throw new ValidationError(`objects of store ${this.prefix} have no versions`);
    const parsed = parseName(name, MODIFIERS[this.prefix]);
    checkTag(tag);
    const label = this.label(parsed.name);
    const tagged = await this.writer.withRevisions(parsed.name, (revisions, latest) =>
      tagVersion(revisions, latest, parsed.version ?? { tag: 'latest' }, tag, label),
    );
    if (!tagged) throw this.notFound(parsed.name);
    return tagged;
  }

  /**
   * Changes the attributes of an object and nothing else (models keep their version): removes the
   * dot paths of `options.unset`, then merges `patch` in deeply (objects key by key; other values
   * replace). Keys `__proto__`, `constructor` and `prototype` are a ValidationError.
   */
  async setAttributes(
    name: string,
    patch: Record<string, unknown>,
    options: { unset?: readonly string[] } = {},
  ): Promise<Metadata> {
    const objectName = validateName(name);
    const update = attributeUpdate(patch, options.unset);
    const updated = await this.writer.updateAttributes(objectName, (current) => applyAttributeUpdate(current, update));
    if (!updated) throw this.notFound(objectName);
    return updated;
  }

  /**
   * Rewrites the attributes of an existing object in one transaction that holds its lock (read,
   * change, write: concurrent updates never lose each other's changes); null when it does not exist.
   */
  protected updateAttributes(
    name: string,
    update: (attributes: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<Metadata | null> {
    return this.writer.updateAttributes(validateName(name), update);
  }

  async exists(name: string): Promise<boolean> {
    return (await this.metadata(name)) !== null;
  }

  /**
   * @internal The object's metadata as `metadata` gives it, to be read only: shared by every read
   * of one committed row (an engine that keeps rows, SQLite, answers a hot path such as a task's
   * preparation without parsing it each time).
   */
  async metadataView(name: string): Promise<MetadataView | null> {
    const parsed = parseName(name, MODIFIERS[this.prefix]);
    if (parsed.version) return this.metadata(name);
    const row = await this.metadataRows.get(this.keyOf(parsed.name));
    if (!row) return null;
    let view = views.get(row);
    if (view === undefined) {
      view = fromRow(row);
      views.set(row, view);
    }
    return view;
  }

  /** The object's metadata; for `name@tag` or `name^` that version's, null when it does not exist. */
  async metadata(name: string): Promise<Metadata | null> {
    const parsed = parseName(name, MODIFIERS[this.prefix]);
    const latest = await this.latest(parsed.name);
    if (!latest || !parsed.version) return latest;
    try {
      return await selectRevision(this.revisionRows, latest, parsed.version, this.label(parsed.name));
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  async drop(name: string, options: DropOptions = {}): Promise<boolean> {
    const objectName = validateName(name);
    if (await this.writer.drop(objectName)) return true;
    if (options.force) return false;
    throw this.notFound(objectName);
  }

  private async latest(name: string): Promise<Metadata | null> {
    const row = await this.metadataRows.get(this.keyOf(name));
    return row ? fromRow(row) : null;
  }

  private keyOf(name: string): ObjectKey {
    return { bucket: this.scope.bucket, prefix: this.prefix, name };
  }

  private label(name: string): string {
    return `${this.prefix}${name} (bucket ${this.scope.bucket})`;
  }

  private notFound(name: string): NotFoundError {
    return new NotFoundError(`${this.label(name)} does not exist in context ${this.scope.context}`);
  }
}

/** Says which object a damaged blob belongs to; other errors pass unchanged. */
function namedIntegrityError(error: unknown, label: string): unknown {
  return error instanceof IntegrityError
    ? new IntegrityError(`${label} cannot be read: ${error.message}`, { cause: error })
    : error;
}

/** A stream that fails like `source`, with damaged-blob errors naming the object. */
function namingIntegrityErrors(source: Readable, label: string): Readable {
  const pieces = source[Symbol.asyncIterator](); // owns its errors from now on
  async function* named(): AsyncGenerator<Uint8Array> {
    try {
      yield* { [Symbol.asyncIterator]: () => pieces };
    } catch (error) {
      throw namedIntegrityError(error, label);
    }
  }
  const stream = Readable.from(named(), { objectMode: false });
  stream.once('close', () => source.destroy()); // also when destroyed before it was read
  return stream;
}

function validateAttributes(attributes: unknown): Record<string, unknown> {
  if (attributes === undefined) return {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw new ValidationError('attributes must be a plain object');
  }
  let copy: Record<string, unknown>;
  try {
    copy = JSON.parse(JSON.stringify(attributes)) as Record<string, unknown>;
  } catch (error) {
    throw new ValidationError(`attributes are not JSON-serialisable: ${(error as Error).message}`);
  }
  checkKeys(copy);
  return copy;
}
