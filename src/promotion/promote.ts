import { ConditionFailedError, NotFoundError, ValidationError } from '../errors.js';
import { RevisionRepository } from '../storage/revision-repository.js';
import type { StoreScope } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import { parseName, validateName } from '../store/names.js';
import type { ObjectReader } from '../store/object-reader.js';
import type { ObjectWrite } from '../store/object-writer.js';
import type { BackendRegistry } from '../store/registry.js';
import { promotionConditions } from './conditions.js';
import { recordStep } from './ledger.js';
import { planTransfer } from './transfer.js';
import type { ObjectAddress, PromoteOptions, PromotionPlan, PromotionRecord, PromotionResult } from './types.js';

/** A store as promotion sees it: its public face, its scope, and how it writes an object. */
export interface PromotionEnd {
  readonly store: ObjectReader;
  readonly scope: StoreScope;
  readonly registry: BackendRegistry;
  /** The config's conditions for promotions into this store (the target context's). */
  readonly conditions: readonly string[];
  readonly versioned: boolean;
  write(name: string, write: ObjectWrite): Promise<Metadata>;
}

/**
 * Promotes `name` from `source` into `target` (API.md §7): checks, conditions, then one
 * target transaction that writes the object and appends the ledger record.
 */
export async function promote(
  source: PromotionEnd,
  name: string,
  target: PromotionEnd,
  options: PromoteOptions = {},
): Promise<PromotionResult> {
  const { store } = source;
  if (target.scope.prefix !== source.scope.prefix) {
    throw new ValidationError(`cannot promote ${source.scope.prefix}${name} into the ${target.scope.prefix} store`);
  }
  const parsed = parseName(name, { projection: false, version: source.versioned });
  const asName = validateName(options.asName ?? parsed.name);
  if (sameStore(source.scope, target.scope) && asName === parsed.name) {
    throw new ValidationError(
      `cannot promote ${source.scope.prefix}${parsed.name} onto itself (same context, bucket and store): give asName`,
    );
  }
  const names = [...new Set([...target.conditions, ...(options.conditions ?? [])])];
  const registry = promotionConditions(target.scope.conditions, source.scope.conditions);
  registry.check(names);
  const meta = await store.metadata(name);
  if (!meta) {
    throw new NotFoundError(
      `${source.scope.prefix}${name} (bucket ${source.scope.bucket}) does not exist in context ${source.scope.context}`,
    );
  }
  const conditions = await registry.evaluate(names, { name, metadata: meta, source: store, target: target.store });
  const existing = await target.store.metadata(asName);
  const transfer = planTransfer(
    { scope: source.scope, meta, get: () => store.get(name) },
    target.scope,
    source.registry,
    options.onProgress,
  );
  const plan = planOf(
    meta,
    source.scope,
    target.scope,
    asName,
    existing,
    transfer.copy,
    target.versioned && !options.drop,
  );
  const restartsHistory = !target.versioned || options.drop === true;
  if (options.dryRun) {
    const unchanged = !restartsHistory && existing !== null && sameVersion(existing, meta);
    return { metadata: null, dryRun: true, conditions, plan, unchanged };
  }

  const failed = conditions.filter((c) => !c.passed);
  if (failed.length > 0) {
    const reasons = failed.map((c) => `${c.name}: ${c.detail ?? 'failed'}`).join('; ');
    throw new ConditionFailedError(`promotion of ${plan.source.prefix}${name} refused: ${reasons}`);
  }
  const tags = target.versioned ? await tagsOf(store, meta) : [];
  await transfer.stage();
  let record: PromotionRecord | undefined;
  const ledgerStep = recordStep(
    {
      action: 'promote',
      source: plan.source,
      target: plan.target,
      conditions,
      message: options.message,
      user: options.user,
      restartsHistory,
    },
    (written) => {
      record = written;
    },
  );
  const metadata = await target.write(asName, {
    kind: meta.kind,
    content: (tx) => transfer.content(tx),
    attributes: meta.attributes,
    // Models add a version and keep the target's attributes; other kinds are replaced.
    mergeAttributes: 'always',
    replace: target.versioned ? options.drop === true : true,
    // The promoted version keeps its tags in the target (they move there), then the ledger record.
    after: async (tx, next, existing) => {
      const revisions = new RevisionRepository(tx.trx);
      for (const tag of tags) await revisions.moveTag(next, tag, String(next.kindMeta.version));
      await ledgerStep?.(tx, next, existing);
    },
  });
  return { metadata, dryRun: false, conditions, record, plan, unchanged: record?.unchanged === true };
}

/** The tags of the promoted version in its source (`latest` is no stored tag). */
async function tagsOf(store: ObjectReader, meta: Metadata): Promise<string[]> {
  const version = meta.kindMeta.version;
  if (typeof version !== 'string') return [];
  const revisions = await store.revisions(meta.name);
  return revisions.filter((r) => r.version === version).flatMap((r) => r.tags.filter((tag) => tag !== 'latest'));
}

function sameVersion(a: Metadata, b: Metadata): boolean {
  return a.kind === b.kind && typeof a.kindMeta.version === 'string' && a.kindMeta.version === b.kindMeta.version;
}

export function address(scope: StoreScope, name: string): Omit<ObjectAddress, 'version'> {
  return { context: scope.context, bucket: scope.bucket, prefix: scope.prefix, name };
}

function sameStore(a: StoreScope, b: StoreScope): boolean {
  return (
    a.engine.location === b.engine.location && a.context === b.context && a.bucket === b.bucket && a.prefix === b.prefix
  );
}

function planOf(
  meta: Metadata,
  source: StoreScope,
  target: StoreScope,
  asName: string,
  existing: Metadata | null,
  copy: PromotionPlan['copy'],
  addsVersion: boolean,
): PromotionPlan {
  const version = meta.kindMeta.version;
  const { rows, size } = meta.kindMeta;
  return {
    action: existing === null ? 'create' : addsVersion ? 'add-version' : 'replace',
    source: { ...address(source, meta.name), ...(typeof version === 'string' ? { version } : {}) },
    target: address(target, asName),
    kind: meta.kind,
    ...(typeof size === 'number' ? { bytes: size } : {}),
    ...(typeof rows === 'number' ? { rows } : {}),
    copy,
  };
}
