import { createHash } from 'node:crypto';
import { NotFoundError, ValidationError } from '../errors.js';
import type { Metadata } from './metadata.js';
import type { VersionSelector } from './names.js';

/** One immutable model version: the content hash of its bytes, the kind that reads them and their kindMeta. */
export interface Revision {
  readonly version: string;
  readonly kind: string;
  readonly kindMeta: Readonly<Record<string, unknown>>;
  /** ISO 8601 */
  readonly created: string;
}

/** What `revisions(name)` lists, oldest first. */
export interface RevisionInfo {
  version: string;
  tags: string[];
  created: Date;
}

const TAG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const LATEST = 'latest';
/** The shortest version prefix `@…` accepts. */
const MIN_PREFIX = 6;

/**
 * A model's kindMeta after a put: the backend's kindMeta of the new version at the top level (so
 * a plain get reads the latest), plus `version`, `revisions` (append-only; a put equal to the
 * latest adds none) and `tags` (`latest` always the newest; `tag` moved to it).
 */
export function addRevision(
  previous: Metadata | null,
  kind: string,
  kindMeta: Record<string, unknown>,
  tag: unknown,
  now: Date,
): Record<string, unknown> {
  if (tag !== undefined && (typeof tag !== 'string' || !TAG.test(tag) || tag === LATEST)) {
    throw new ValidationError(
      `invalid tag ${JSON.stringify(tag)}: a tag is a name of letters, digits, _ . - and not "latest"`,
    );
  }
  // Blob backends name their bytes by sha256; for any other backend its kindMeta stands for the content.
  const version =
    typeof kindMeta.sha256 === 'string'
      ? kindMeta.sha256
      : createHash('sha256')
          .update(JSON.stringify([kind, kindMeta]))
          .digest('hex');
  const revisions = previous ? revisionsOf(previous) : [];
  const tags = previous ? tagsOf(previous) : {};
  const latest = revisions.at(-1);
  const { version: _v, revisions: _r, tags: _t, ...own } = kindMeta;
  if (latest?.version !== version || latest.kind !== kind) {
    revisions.push({ version, kind, kindMeta: own, created: now.toISOString() });
  }
  tags[LATEST] = version;
  if (typeof tag === 'string') tags[tag] = version;
  return { ...own, version, revisions, tags };
}

/** The metadata of the version `selector` names, as if it were the latest. */
export function selectRevision(meta: Metadata, selector: VersionSelector, label: string): Metadata {
  const revisions = revisionsOf(meta);
  let index: number;
  if ('back' in selector) {
    index = revisions.length - 1 - selector.back;
    if (index < 0) {
      throw new NotFoundError(
        `${label} has ${revisions.length} version(s); there is none ${selector.back} before the latest`,
      );
    }
  } else {
    index = indexOf(revisions, tagsOf(meta), selector.tag, label);
  }
  const revision = revisions[index] as Revision;
  return { ...meta, kind: revision.kind, kindMeta: { ...revision.kindMeta, version: revision.version } };
}

export function revisionInfo(meta: Metadata): RevisionInfo[] {
  const tags = Object.entries(tagsOf(meta));
  const revisions = revisionsOf(meta);
  return revisions.map((revision, i) => ({
    version: revision.version,
    // A version put twice (reverted to) carries its tags on its newest revision only.
    tags:
      revisions.findLastIndex((r) => r.version === revision.version) === i
        ? tags.filter(([, version]) => version === revision.version).map(([tag]) => tag)
        : [],
    created: new Date(revision.created),
  }));
}

/** A tag first, then a version (or a unique prefix of one); the newest revision of that version. */
function indexOf(revisions: Revision[], tags: Record<string, string>, ref: string, label: string): number {
  const version = Object.hasOwn(tags, ref) ? tags[ref] : undefined;
  if (version !== undefined) return revisions.findLastIndex((r) => r.version === version);
  const matches = new Set(
    ref.length >= MIN_PREFIX ? revisions.filter((r) => r.version.startsWith(ref)).map((r) => r.version) : [],
  );
  if (matches.size > 1) throw new ValidationError(`${label}: version prefix ${ref} is ambiguous; give more characters`);
  const [match] = matches;
  if (match === undefined) throw new NotFoundError(`${label} has no tag or version ${JSON.stringify(ref)}`);
  return revisions.findLastIndex((r) => r.version === match);
}

function revisionsOf(meta: Metadata): Revision[] {
  const revisions = meta.kindMeta.revisions;
  return Array.isArray(revisions) ? [...(revisions as Revision[])] : [];
}

function tagsOf(meta: Metadata): Record<string, string> {
  const tags = meta.kindMeta.tags;
  return typeof tags === 'object' && tags !== null ? { ...(tags as Record<string, string>) } : {};
}
