import { PassThrough, Readable } from 'node:stream';
import type { ExpressionBuilder } from 'kysely';
import { IntegrityError, NotFoundError, ValidationError } from '../errors.js';
import { listRecords } from '../promotion/ledger.js';
import { type PromotionEnd, promote } from '../promotion/promote.js';
import type { PromoteOptions, PromotionRecord, PromotionResult } from '../promotion/types.js';
import type { Db } from '../storage/engine.js';
import type { OmegaSchema } from '../storage/schema.js';
import { byCodePoint } from '../util/sort.js';
import {
  type Backend,
  type BackendOptions,
  type BlobPut,
  isTransactional,
  type StorePrefix,
  type StoreScope,
  typeName,
  type WriteTransaction,
} from './backend.js';
import { blobKindMeta } from './blob-meta.js';
import { type ListOptions, matcher } from './list-filter.js';
import { fromRow, type Metadata, toRow } from './metadata.js';
import { type ModifierRules, parseName, validateName } from './names.js';
import type { BackendRegistry } from './registry.js';
import { addRevision, type RevisionInfo, revisionInfo, selectRevision } from './versions.js';

export interface PutOptions extends BackendOptions {
  /** Merged (shallowly) into the existing attributes. */
  attributes?: Record<string, unknown>;
  /** Forces a backend instead of choosing by `supports(obj)`. */
  kind?: string;
  /** Replaces the old object (data and attributes) instead of appending or merging. */
  replace?: boolean;
  /** Models and scripts: a tag to move to the new version (`latest` always names the newest). */
  tag?: string;
  /** Tables: false replaces the rows of an existing table; by default a put appends. */
  append?: boolean;
  /** Tables: columns to index. */
  index?: readonly string[];
}

export interface GetOptions extends BackendOptions {
  /** `stream` for files; `rows` (default), `columns` or `arrow` for tables. */
  as?: string;
  /** Tables: conditions such as `{ region: 'EU', amount__gte: 10 }` (API.md §4). */
  filter?: Readonly<Record<string, unknown>>;
  /** Tables: the columns to return. */
  columns?: readonly string[];
  /** Tables: sort keys, `-name` for descending. */
  sort?: readonly string[];
  limit?: number;
  offset?: number;
}

/** One object version as `writeObject` stores it. */
export interface ObjectWrite {
  readonly kind: string;
  /** Writes the content (inside the transaction) and gives its kindMeta; `previous` is the object it continues. */
  content(tx: WriteTransaction, previous: Metadata | null): Promise<Record<string, unknown>>;
  readonly attributes: Record<string, unknown>;
  /** `continued`: merged into the object the write continues (a put); `always`: unless replaced (a model promotion). */
  readonly mergeAttributes: 'continued' | 'always';
  readonly replace?: boolean | undefined;
  readonly tag?: unknown;
  /** Runs last, in the same transaction. */
  after?(tx: WriteTransaction, next: Metadata, existing: Metadata | null): Promise<void>;
}

export interface DropOptions {
  /** A missing object returns false instead of throwing NotFoundError. */
  force?: boolean;
}

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

/** The objects of one prefix in one bucket of one context (API.md §3). */
export class Store {
  protected readonly scope: StoreScope;

  constructor(
    scope: Omit<StoreScope, 'prefix'>,
    readonly prefix: StorePrefix,
    private readonly registry: BackendRegistry,
  ) {
    this.scope = { ...scope, prefix };
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
          previous: this.sameKind(await this.metadata(objectName), backend.kind, options.replace),
          options,
        });
    return this.writeObject(objectName, {
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
   * Writes one object in one transaction: its content, its metadata row (models and scripts
   * gain a version, unless replaced), what `write.after` adds (the promotion ledger), and the
   * release of what it replaces. Puts and promotions both end here.
   */
  protected async writeObject(name: string, write: ObjectWrite): Promise<Metadata> {
    const meta = await this.scope.engine.write(
      async (trx, raw) => {
        const tx: WriteTransaction = { scope: this.scope, trx, raw };
        const now = new Date();
        const existing = await this.readRow(trx, name);
        const previous = this.sameKind(existing, write.kind, write.replace);
        const written = await write.content(tx, previous);
        // Models and scripts keep every version, across kinds too, unless replaced.
        const kindMeta = MODIFIERS[this.prefix].version
          ? addRevision(write.replace ? null : existing, write.kind, written, write.tag, now)
          : written;
        if (existing && !previous) await this.releaseIn(tx, existing);
        const merge = write.mergeAttributes === 'always' ? !write.replace : previous !== null;
        const next: Metadata = {
          name,
          bucket: this.scope.bucket,
          prefix: this.prefix,
          kind: write.kind,
          kindMeta,
          attributes: merge ? { ...existing?.attributes, ...write.attributes } : write.attributes,
          created: existing?.created ?? now,
          modified: now,
        };
        const row = toRow(next);
        await trx
          .insertInto('omega_metadata')
          .values(row)
          .onConflict((c) =>
            c.columns(['bucket', 'prefix', 'name']).doUpdateSet({
              kind: row.kind,
              kind_meta: row.kind_meta,
              attributes: row.attributes,
              modified: row.modified,
            }),
          )
          .execute();
        await write.after?.(tx, next, existing);
        return { next, replaced: existing && !previous ? existing : null };
      },
      [this.lockKey(name)],
    );
    if (meta.replaced) await this.releaseAfter(meta.replaced);
    return meta.next;
  }

  async get(name: string, options: GetOptions = {}): Promise<unknown> {
    const parsed = parseName(name, MODIFIERS[this.prefix]);
    const latest = await this.metadata(parsed.name);
    if (!latest) throw this.notFound(parsed.name);
    const meta = parsed.version ? selectRevision(latest, parsed.version, this.label(parsed.name)) : latest;
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

  list(pattern?: string, options?: ListOptions & { raw?: false }): Promise<string[]>;
  list(pattern: string | undefined, options: ListOptions & { raw: true }): Promise<Metadata[]>;
  async list(pattern?: string, options: ListOptions & { raw?: boolean } = {}): Promise<string[] | Metadata[]> {
    const matches = matcher(pattern, options);
    let query = this.scope.engine.db
      .selectFrom('omega_metadata')
      .selectAll()
      .where('bucket', '=', this.scope.bucket)
      .where('prefix', '=', this.prefix);
    if (options.kind !== undefined) query = query.where('kind', '=', options.kind);
    const rows = (await query.execute()).filter((row) => matches(row.name)).sort((a, b) => byCodePoint(a.name, b.name));
    return options.raw ? rows.map(fromRow) : rows.map((row) => row.name);
  }

  /**
   * Copies `name` (a version with `m@tag`) into `target`: another bucket, another context, or
   * this store under `asName` (API.md §7). Conditions first; then one target transaction.
   */
  promote(name: string, target: Store, options: PromoteOptions = {}): Promise<PromotionResult> {
    if (!(target instanceof Store)) {
      throw new ValidationError('promote(name, target): target must be a store, e.g. prod.models');
    }
    return promote(this.promotionEnd(), name, target.promotionEnd(), options);
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

  /** How promotion sees this store, its own writer included. */
  protected promotionEnd(): PromotionEnd {
    const storeName = STORE_NAMES[this.prefix];
    return {
      store: this,
      scope: this.scope,
      registry: this.registry,
      conditions: this.scope.promotionConditions?.[storeName] ?? [],
      versioned: MODIFIERS[this.prefix].version,
      write: (name, write) => this.writeObject(name, write),
    };
  }

  /** The versions of a model or script, oldest first, with their tags. */
  async revisions(name: string): Promise<RevisionInfo[]> {
    if (!MODIFIERS[this.prefix].version) throw new ValidationError(`objects of store ${this.prefix} have no versions`);
    const { name: base } = parseName(name, MODIFIERS[this.prefix]);
    const meta = await this.metadata(base);
    if (!meta) throw this.notFound(base);
    return revisionInfo(meta);
  }

  async exists(name: string): Promise<boolean> {
    return (await this.metadata(name)) !== null;
  }

  /** The object's metadata; for `name@tag` or `name^` that version's, null when it does not exist. */
  async metadata(name: string): Promise<Metadata | null> {
    const parsed = parseName(name, MODIFIERS[this.prefix]);
    const row = await this.scope.engine.metadataRow(this.scope.bucket, this.prefix, parsed.name);
    const latest = row ? fromRow(row) : null;
    if (!latest || !parsed.version) return latest;
    try {
      return selectRevision(latest, parsed.version, this.label(parsed.name));
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }

  async drop(name: string, options: DropOptions = {}): Promise<boolean> {
    const objectName = validateName(name);
    const dropped = await this.scope.engine.write(
      async (trx, raw) => {
        const existing = await this.readRow(trx, objectName);
        if (existing) {
          await trx.deleteFrom('omega_metadata').where(this.isObject(objectName)).execute();
          await this.releaseIn({ scope: this.scope, trx, raw }, existing);
        }
        return existing;
      },
      [this.lockKey(objectName)],
    );
    if (!dropped) {
      if (options.force) return false;
      throw this.notFound(objectName);
    }
    await this.releaseAfter(dropped);
    return true;
  }

  private async readRow(db: Db, name: string): Promise<Metadata | null> {
    const row = await db.selectFrom('omega_metadata').selectAll().where(this.isObject(name)).executeTakeFirst();
    return row ? fromRow(row) : null;
  }

  private isObject(name: string) {
    const { bucket } = this.scope;
    const prefix = this.prefix;
    return (eb: ExpressionBuilder<OmegaSchema, 'omega_metadata'>) => eb.and({ bucket, prefix, name });
  }

  /** The object's metadata when the write continues it (same kind, not replaced); else null. */
  private sameKind(existing: Metadata | null, kind: string, replace: boolean | undefined): Metadata | null {
    return existing?.kind === kind && !replace ? existing : null;
  }

  private backendOf(meta: Metadata): Backend | null {
    return this.registry.kinds(this.prefix).includes(meta.kind) ? this.registry.byKind(meta.kind, this.prefix) : null;
  }

  /** Frees a transactional backend's data in the transaction that drops or replaces the object. */
  private async releaseIn(tx: WriteTransaction, meta: Metadata): Promise<void> {
    const backend = this.backendOf(meta);
    if (backend && isTransactional(backend)) await backend.release(tx, meta);
  }

  /** Lets a blob backend free data the dropped or replaced object alone referenced. */
  private async releaseAfter(meta: Metadata): Promise<void> {
    const backend = this.backendOf(meta);
    if (backend && !isTransactional(backend)) await backend.drop?.(this.scope, meta);
  }

  private lockKey(name: string): string {
    return `${this.scope.bucket}\u001f${this.prefix}\u001f${name}`;
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
  const named = new PassThrough();
  source.on('error', (error) => named.destroy(namedIntegrityError(error, label) as Error));
  return source.pipe(named);
}

function validateAttributes(attributes: unknown): Record<string, unknown> {
  if (attributes === undefined) return {};
  if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) {
    throw new ValidationError('attributes must be a plain object');
  }
  try {
    return JSON.parse(JSON.stringify(attributes)) as Record<string, unknown>;
  } catch (error) {
    throw new ValidationError(`attributes are not JSON-serialisable: ${(error as Error).message}`);
  }
}
