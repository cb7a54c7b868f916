import { ConditionFailedError, NotFoundError, ValidationError } from '../errors.js';
import { RevisionRepository } from '../storage/revision-repository.js';
import type { StoreScope, Transfer } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import { parseName, validateName } from '../store/names.js';
import type { ObjectReader } from '../store/object-reader.js';
import type { ObjectWrite, ObjectWriter } from '../store/object-writer.js';
import type { BackendRegistry } from '../store/registry.js';
import { promotionConditions } from './conditions.js';
import { recordStep } from './ledger.js';
import { planTransfer } from './transfer.js';
import type {
  ConditionResult,
  ObjectAddress,
  PromoteOptions,
  PromotionPlan,
  PromotionRecord,
  PromotionResult,
} from './types.js';

/** A store as promotion sees it: its public face, its scope, and how it writes an object. */
export interface PromotionEnd {
  readonly store: ObjectReader;
  readonly scope: StoreScope;
  readonly registry: BackendRegistry;
  /** The config's conditions for promotions into this store (the target context's). */
  readonly conditions: readonly string[];
  readonly versioned: boolean;
  /** How the store writes an object: in a transaction of its own, or in one shared by several (a bundle). */
  readonly writer: ObjectWriter;
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
  const conditionNames = [...new Set([...target.conditions, ...(options.conditions ?? [])])];
  const member = await preparePromotion(source, name, target, options, conditionNames);
  if (options.dryRun) return dryRunResult(member);
  refuseFailed([member]);
  await member.transfer.stage();
  let record: PromotionRecord | undefined;
  const metadata = await target.writer.write(
    member.asName,
    memberWrite(member, options, undefined, (written) => {
      record = written;
    }),
  );
  return writtenResult(member, metadata, record);
}

/** One object about to be promoted: checked, its conditions evaluated, its transfer planned; nothing written yet. */
export interface PreparedPromotion {
  readonly source: PromotionEnd;
  readonly target: PromotionEnd;
  readonly name: string;
  readonly asName: string;
  readonly meta: Metadata;
  readonly conditions: ConditionResult[];
  readonly plan: PromotionPlan;
  readonly transfer: Transfer;
  /** The tags of the promoted version (models), which move with it. */
  readonly tags: string[];
  readonly restartsHistory: boolean;
  /** Of a dry run: the target already has the promoted version. */
  readonly unchanged: boolean;
}

/** Checks a promotion and evaluates `conditionNames` for it (unknown names throw before anything is read). */
export async function preparePromotion(
  source: PromotionEnd,
  name: string,
  target: PromotionEnd,
  options: PromoteOptions,
  conditionNames: readonly string[],
): Promise<PreparedPromotion> {
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
  const registry = promotionConditions(target.scope.conditions, source.scope.conditions);
  registry.check(conditionNames);
  const meta = await store.metadata(name);
  if (!meta) {
    throw new NotFoundError(
      `${source.scope.prefix}${name} (bucket ${source.scope.bucket}) does not exist in context ${source.scope.context}`,
    );
  }
  const conditions = await registry.evaluate(conditionNames, {
    name,
    metadata: meta,
    source: store,
    target: target.store,
  });
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
  const unchanged = !restartsHistory && existing !== null && sameVersion(existing, meta);
  const tags = target.versioned && !options.dryRun ? await tagsOf(store, meta) : [];
  return { source, target, name, asName, meta, conditions, plan, transfer, tags, restartsHistory, unchanged };
}

/** What a dry run of one object reports. */
export function dryRunResult(member: PreparedPromotion): PromotionResult {
  const { conditions, plan, unchanged } = member;
  return { metadata: null, dryRun: true, conditions, plan, unchanged };
}

/** What a promotion of one object reports once it is written. */
export function writtenResult(
  member: PreparedPromotion,
  metadata: Metadata,
  record: PromotionRecord | undefined,
): PromotionResult {
  const { conditions, plan } = member;
  return { metadata, dryRun: false, conditions, record, plan, unchanged: record?.unchanged === true };
}

/** A ConditionFailedError naming every failed condition of every member; nothing has been written. */
export function refuseFailed(members: readonly PreparedPromotion[]): void {
  const failed = members.flatMap((m) => m.conditions.filter((c) => !c.passed));
  if (failed.length === 0) return;
  const reasons = failed.map((c) => `${c.name}: ${c.detail ?? 'failed'}`).join('; ');
  const what = members.map((m) => `${m.plan.source.prefix}${m.name}`).join(' with ');
  throw new ConditionFailedError(`promotion of ${what} refused: ${reasons}`);
}

/**
 * The target write of one prepared member: its content (through `content` when given, which may
 * rewrite the transferred kindMeta), its tags, and its ledger record (`bundle` shared by a bundle's).
 */
export function memberWrite(
  member: PreparedPromotion,
  options: PromoteOptions,
  bundle: { id: string; content?: (kindMeta: Record<string, unknown>) => Record<string, unknown> } | undefined,
  written: (record: PromotionRecord) => void,
): ObjectWrite {
  const { plan, conditions, target, transfer, tags, meta } = member;
  const ledgerStep = recordStep(
    {
      action: 'promote',
      source: plan.source,
      target: plan.target,
      conditions,
      message: options.message,
      user: options.user,
      restartsHistory: member.restartsHistory,
      bundle: bundle?.id,
    },
    written,
  );
  return {
    kind: meta.kind,
    content: async (tx) => {
      const kindMeta = await transfer.content(tx);
      return bundle?.content ? bundle.content(kindMeta) : kindMeta;
    },
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
  };
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

/** Same database, context, bucket and store. */
export function sameStore(a: StoreScope, b: StoreScope): boolean {
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
