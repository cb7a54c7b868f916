import type { Connection, Db } from '../storage/engine.js';
import type { MetadataRepository, ObjectKey } from '../storage/metadata-repository.js';
import { RevisionRepository } from '../storage/revision-repository.js';
import { type Backend, isTransactional, type StoreScope, type WriteTransaction } from './backend.js';
import { nextRevision } from './dataset-revision.js';
import { fromRow, type Metadata, toRow } from './metadata.js';
import type { BackendRegistry } from './registry.js';
import { addRevision } from './versions.js';

/** One object version as `ObjectWriter.write` stores it. */
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

/** What `writeIn` wrote: the object now, and the one it replaced (its data is released by `settle`). */
export interface WrittenObject {
  readonly next: Metadata;
  readonly replaced: Metadata | null;
}

/** The object's metadata when a write of `kind` continues it (same kind, not replaced); else null. */
export function continuedBy(existing: Metadata | null, kind: string, replace: boolean | undefined): Metadata | null {
  return existing?.kind === kind && !replace ? existing : null;
}

/** The lock a write of the object holds (engines serialise writers of one object by it). */
export function objectLockKey(key: ObjectKey): string {
  return `${key.bucket}\u001f${key.prefix}\u001f${key.name}`;
}

/**
 * The one write path of a store: puts, promotions, rollbacks and drops each commit in one
 * transaction, which writes the content, the metadata row and (models and scripts) the version,
 * and releases what the object no longer references.
 */
export class ObjectWriter {
  constructor(
    private readonly scope: StoreScope,
    private readonly registry: BackendRegistry,
    private readonly metadata: MetadataRepository,
    /** Models and scripts keep every version, across kinds too, unless replaced. */
    private readonly versioned: boolean,
  ) {}

  /**
   * Writes one object: its content, its metadata row (a version too, unless replaced), what
   * `write.after` adds (the promotion ledger), and the release of what it replaces.
   */
  async write(name: string, write: ObjectWrite): Promise<Metadata> {
    const written = await this.scope.engine.write(
      (trx, raw) => this.writeIn(trx, raw, name, write),
      [this.lockKey(name)],
    );
    return this.settle(written);
  }

  /**
   * `write` inside a transaction the caller holds (a bundle: several objects, one commit, one
   * `now`), which must hold `lockKey(name)`; call `settle` once it has committed.
   */
  async writeIn(trx: Db, raw: Connection, name: string, write: ObjectWrite, now = new Date()): Promise<WrittenObject> {
    const key = this.keyOf(name);
    const tx: WriteTransaction = { scope: this.scope, trx, raw };
    const existing = await this.readRow(trx, key);
    const previous = continuedBy(existing, write.kind, write.replace);
    const content = await write.content(tx, previous);
    // Every write to a dataset advances its revision, whatever path it took (put, import, promotion).
    const written = this.scope.prefix === 'data/' ? { ...content, revision: nextRevision(existing) } : content;
    const kindMeta = this.versioned
      ? await addRevision(new RevisionRepository(trx), key, {
          kind: write.kind,
          kindMeta: written,
          tag: write.tag,
          continued: existing !== null && !write.replace,
          now,
        })
      : written;
    if (existing && !previous) await this.releaseIn(tx, existing);
    const merge = write.mergeAttributes === 'always' ? !write.replace : previous !== null;
    const next: Metadata = {
      ...key,
      kind: write.kind,
      kindMeta,
      attributes: merge ? { ...existing?.attributes, ...write.attributes } : write.attributes,
      created: existing?.created ?? now,
      modified: now,
    };
    await this.metadata.upsert(trx, toRow(next));
    await write.after?.(tx, next, existing);
    return { next, replaced: existing && !previous ? existing : null };
  }

  /** After the commit of `writeIn`: lets a blob backend free what the replaced object alone referenced. */
  async settle(written: WrittenObject): Promise<Metadata> {
    if (written.replaced) await this.releaseAfter(written.replaced);
    return written.next;
  }

  /** Changes only the attributes of an existing object (no new version), in one transaction; null when it does not exist. */
  async updateAttributes(
    name: string,
    update: (attributes: Record<string, unknown>) => Record<string, unknown>,
  ): Promise<Metadata | null> {
    return this.onExisting(name, async (trx, existing) => {
      const next: Metadata = { ...existing, attributes: update(existing.attributes), modified: new Date() };
      await this.metadata.upsert(trx, toRow(next));
      return next;
    });
  }

  /** Works on the versions of an existing object in one transaction (tags); null when it does not exist. */
  withRevisions<T>(
    name: string,
    work: (revisions: RevisionRepository, existing: Metadata) => Promise<T>,
  ): Promise<T | null> {
    return this.onExisting(name, (trx, existing) => work(new RevisionRepository(trx), existing));
  }

  private onExisting<T>(name: string, work: (trx: Db, existing: Metadata) => Promise<T>): Promise<T | null> {
    const key = this.keyOf(name);
    return this.scope.engine.write(
      async (trx) => {
        const existing = await this.readRow(trx, key);
        return existing ? work(trx, existing) : null;
      },
      [this.lockKey(name)],
    );
  }

  /** Deletes the object (its versions too) and releases its data; false when it does not exist. */
  async drop(name: string): Promise<boolean> {
    const key = this.keyOf(name);
    const dropped = await this.scope.engine.write(
      async (trx, raw) => {
        const existing = await this.readRow(trx, key);
        if (existing) {
          await this.metadata.delete(trx, key);
          if (this.versioned) await new RevisionRepository(trx).clear(key);
          await this.releaseIn({ scope: this.scope, trx, raw }, existing);
        }
        return existing;
      },
      [this.lockKey(name)],
    );
    if (dropped) await this.releaseAfter(dropped);
    return dropped !== null;
  }

  private async readRow(trx: Db, key: ObjectKey): Promise<Metadata | null> {
    const row = await this.metadata.read(trx, key);
    return row ? fromRow(row) : null;
  }

  private keyOf(name: string): ObjectKey & { prefix: StoreScope['prefix'] } {
    return { bucket: this.scope.bucket, prefix: this.scope.prefix, name };
  }

  private backendOf(meta: Metadata): Backend | null {
    const { prefix } = this.scope;
    return this.registry.kinds(prefix).includes(meta.kind) ? this.registry.byKind(meta.kind, prefix) : null;
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

  /** The lock a write of `name` holds (engine.write), so writers of one object take turns. */
  lockKey(name: string): string {
    return objectLockKey(this.keyOf(name));
  }
}
