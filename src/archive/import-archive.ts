import { createReadStream } from 'node:fs';
import { ConflictError, IntegrityError, NotFoundError, ValidationError } from '../errors.js';
import { MetadataRepository, type ObjectKey } from '../storage/metadata-repository.js';
import { RevisionRepository } from '../storage/revision-repository.js';
import { isTransactional, type StorePrefix, type WriteTransaction } from '../store/backend.js';
import { fromRow, type Metadata, toRow } from '../store/metadata.js';
import { objectLockKey } from '../store/object-writer.js';
import type { ArchiveTargets } from './archive-end.js';
import { type MemberPlan, planMember } from './member-plan.js';
import { stageArchive } from './stage-archive.js';
import type { ArchiveImportOptions, ArchiveImportResult } from './types.js';

/** An import, with the one member `Store.fromArchive(path, name)` asks for. */
export interface ArchiveImport extends ArchiveImportOptions {
  readonly only?: { readonly prefix: StorePrefix; readonly name: string } | undefined;
}

/**
 * Imports the archive `path` into the stores `targets` gives (API.md §14): the whole archive is
 * unpacked and checked first (stage-archive.ts), every member planned against its store, the
 * blobs staged (invisible until referenced), then all members are written in one transaction of
 * the target context, or none. An existing object is a ConflictError unless `replace`.
 */
export async function importArchive(
  path: string,
  targets: ArchiveTargets,
  options: ArchiveImport = {},
): Promise<ArchiveImportResult> {
  const staged = await stageArchive(path);
  try {
    const { only } = options;
    const chosen = staged.manifest.members.flatMap((member) => {
      const end = targets(member.prefix);
      const wanted = only === undefined || (only.prefix === member.prefix && only.name === member.name);
      return end && wanted ? [{ member, end }] : [];
    });
    if (only && chosen.length === 0) throw new NotFoundError(`${path} holds no ${only.prefix}${only.name}`);
    const plans: MemberPlan[] = [];
    for (const { member, end } of chosen) plans.push(await planMember(member, end, staged));
    const engine = plans[0]?.end.scope.engine;
    if (!engine) return { path: staged.path, members: [], replaced: [] };
    if (plans.some((plan) => plan.end.scope.engine !== engine)) {
      throw new ValidationError('an import writes into one context: give the stores of one context');
    }
    if (!options.replace) await refuseExisting(plans);
    const stagedBlobs = new Set<string>();
    for (const plan of plans) {
      for (const blob of plan.blobs) {
        if (stagedBlobs.has(blob.sha256)) continue;
        stagedBlobs.add(blob.sha256);
        const written = await engine.blobs.write(createReadStream(blob.file));
        if (written.sha256 !== blob.sha256) throw new IntegrityError(`${path}: a staged blob of ${plan.label} changed`);
      }
    }
    const replaced = await engine.write(
      async (trx, raw) => {
        const replacedNames: string[] = [];
        for (const plan of plans) {
          const tx: WriteTransaction = { scope: plan.end.scope, trx, raw };
          if (await writeMember(tx, plan, options.replace === true)) replacedNames.push(plan.label);
        }
        return replacedNames;
      },
      plans.map((plan) => objectLockKey(keyOf(plan))),
    );
    return { path: staged.path, members: plans.map((plan) => plan.label), replaced };
  } finally {
    await staged.remove();
  }
}

/** Objects that exist are refused before anything is written (and again inside the transaction). */
async function refuseExisting(plans: readonly MemberPlan[]): Promise<void> {
  const existing: string[] = [];
  for (const plan of plans) if (await plan.end.store.exists(plan.member.name)) existing.push(plan.label);
  if (existing.length > 0) throw conflict(existing, plans[0] as MemberPlan);
}

function conflict(labels: readonly string[], plan: MemberPlan): ConflictError {
  const { bucket, context } = plan.end.scope;
  return new ConflictError(
    `${labels.join(', ')} already exist${labels.length === 1 ? 's' : ''} in bucket ${bucket} of context ${context}: import with replace to replace them`,
  );
}

/** Writes one member in the import's transaction; true when it replaced an existing object. */
async function writeMember(tx: WriteTransaction, plan: MemberPlan, replace: boolean): Promise<boolean> {
  const { member, end } = plan;
  const key = keyOf(plan);
  const metadataRows = new MetadataRepository(end.scope.engine);
  const revisions = new RevisionRepository(tx.trx);
  const row = await metadataRows.read(tx.trx, key);
  const existing = row ? fromRow(row) : null;
  if (existing) {
    if (!replace) throw conflict([plan.label], plan);
    await metadataRows.delete(tx.trx, key);
    if (end.versioned) await revisions.clear(key);
    const old = end.registry.kinds(end.scope.prefix).includes(existing.kind)
      ? end.registry.byKind(existing.kind, end.scope.prefix)
      : null;
    if (old && isTransactional(old)) await old.release(tx, existing);
  }
  let kindMeta = member.metadata.kindMeta;
  if (plan.table && isTransactional(plan.table.backend)) {
    const { backend, rows, count } = plan.table;
    const index = Array.isArray(kindMeta.indexes) ? kindMeta.indexes : [];
    const written = await backend.write(tx, await rows(), { name: member.name, previous: null, options: { index } });
    if (written.rows !== count) {
      throw new IntegrityError(
        `${plan.label} was archived with ${count} rows but its Parquet file holds ${written.rows}`,
      );
    }
    kindMeta = { ...kindMeta, ...written };
  }
  if (end.versioned) {
    let seq = 0;
    for (const version of member.versions) {
      await revisions.append(key, {
        seq: ++seq,
        version: version.version as string,
        kind: version.kind,
        kind_meta: JSON.stringify(version.kindMeta),
        created: version.created,
      });
    }
    for (const version of member.versions) {
      for (const tag of version.tags) await revisions.moveTag(key, tag, version.version as string);
    }
  }
  const next: Metadata = {
    ...key,
    kind: member.kind,
    kindMeta,
    attributes: member.metadata.attributes,
    created: new Date(member.metadata.created),
    modified: new Date(member.metadata.modified),
  };
  await metadataRows.upsert(tx.trx, toRow(next));
  return existing !== null;
}

function keyOf(plan: MemberPlan): ObjectKey {
  return { bucket: plan.end.scope.bucket, prefix: plan.end.scope.prefix, name: plan.member.name };
}
