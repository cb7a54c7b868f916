import { createHash } from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors.js';
import type { ObjectKey } from '../storage/metadata-repository.js';
import type { RevisionRepository, RevisionRow } from '../storage/revision-repository.js';
import type { Metadata } from './metadata.js';
import type { VersionSelector } from './names.js';

/** What `revisions(name)` lists, oldest first. */
export interface RevisionInfo {
  version: string;
  tags: string[];
  created: Date;
}

const TAG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** Always the newest version; never stored. */
const LATEST = 'latest';
/** The shortest version prefix `@…` accepts. */
const MIN_PREFIX = 6;

/** The tag a put moves, checked before anything is written. */
export function checkTag(tag: unknown): string | undefined {
  if (tag !== undefined && (typeof tag !== 'string' || !TAG.test(tag) || tag === LATEST)) {
    throw new ValidationError(
      `invalid tag ${JSON.stringify(tag)}: a tag is a name of letters, digits, _ . - and not "latest"`,
    );
  }
  return tag;
}

/**
 * Adds the version a put or promotion writes, in its transaction, and gives the kindMeta of the
 * metadata row: the backend's kindMeta plus `version`. A version equal to the newest adds no
 * revision; `tag` moves to it; `continued` false (a new or replaced object) starts a new history.
 */
export async function addRevision(
  revisions: RevisionRepository,
  key: ObjectKey,
  write: { kind: string; kindMeta: Record<string, unknown>; tag: unknown; continued: boolean; now: Date },
): Promise<Record<string, unknown>> {
  const tag = checkTag(write.tag);
  const { version: _v, revisions: _r, tags: _t, ...own } = write.kindMeta;
  // Blob backends name their bytes by sha256; for any other backend its kindMeta stands for the content.
  const version =
    typeof own.sha256 === 'string'
      ? own.sha256
      : createHash('sha256')
          .update(JSON.stringify([write.kind, own]))
          .digest('hex');
  if (!write.continued) await revisions.clear(key);
  const head = write.continued ? await revisions.head(key) : undefined;
  if (head?.version !== version || head.kind !== write.kind) {
    await revisions.append(key, {
      seq: (head?.seq ?? 0) + 1,
      version,
      kind: write.kind,
      kind_meta: JSON.stringify(own),
      created: write.now.toISOString(),
    });
  }
  if (tag !== undefined) await revisions.moveTag(key, tag, version);
  return { ...own, version };
}

/** The metadata of the version `selector` names, as if it were the latest. */
export async function selectRevision(
  revisions: RevisionRepository,
  meta: Metadata,
  selector: VersionSelector,
  label: string,
): Promise<Metadata> {
  return asLatest(meta, await findRevision(revisions, meta, selector, label));
}

function asLatest(meta: Metadata, revision: RevisionRow): Metadata {
  const kindMeta = JSON.parse(revision.kind_meta) as Record<string, unknown>;
  return { ...meta, kind: revision.kind, kindMeta: { ...kindMeta, version: revision.version } };
}

/** Moves `tag` to the version `selector` names (in the caller's transaction) and gives that version's metadata. */
export async function tagVersion(
  revisions: RevisionRepository,
  meta: Metadata,
  selector: VersionSelector,
  tag: unknown,
  label: string,
): Promise<Metadata> {
  if (tag === undefined) throw new ValidationError('give the tag to move');
  const name = checkTag(tag) as string;
  const revision = await findRevision(revisions, meta, selector, label);
  await revisions.moveTag(meta, name, revision.version);
  return asLatest(meta, revision);
}

/** The versions of the object, oldest first; a version's tags are shown on its newest revision. */
export async function revisionInfo(revisions: RevisionRepository, key: ObjectKey): Promise<RevisionInfo[]> {
  const [history, named] = [await revisions.list(key), await revisions.tags(key)];
  const newest = history.at(-1)?.version;
  const tags = [...(newest === undefined ? [] : [{ tag: LATEST, version: newest }]), ...named];
  const lastIndex = new Map(history.map((revision, i) => [revision.version, i]));
  return history.map((revision, i) => ({
    version: revision.version,
    tags:
      lastIndex.get(revision.version) === i ? tags.filter((t) => t.version === revision.version).map((t) => t.tag) : [],
    created: new Date(revision.created),
  }));
}

/** `^` counts back from the newest; `@ref` is a tag first, then a version or a unique prefix of one. */
async function findRevision(
  revisions: RevisionRepository,
  key: ObjectKey,
  selector: VersionSelector,
  label: string,
): Promise<RevisionRow> {
  if ('back' in selector || selector.tag === LATEST) {
    const back = 'back' in selector ? selector.back : 0;
    const found = await revisions.back(key, back);
    if (found) return found;
    const count = await revisions.count(key);
    throw new NotFoundError(`${label} has ${count} version(s); there is none ${back} before the latest`);
  }
  const ref = selector.tag;
  const tagged = await revisions.tagged(key, ref);
  if (tagged) return tagged;
  const matches = ref.length >= MIN_PREFIX ? await revisions.versionsStartingWith(key, ref, 2) : [];
  if (matches.length > 1)
    throw new ValidationError(`${label}: version prefix ${ref} is ambiguous; give more characters`);
  const found = matches[0] === undefined ? undefined : await revisions.newestOf(key, matches[0]);
  if (!found) throw new NotFoundError(`${label} has no tag or version ${JSON.stringify(ref)}`);
  return found;
}
