import { NotFoundError, ValidationError } from '../errors.js';
import { RevisionRepository } from '../storage/revision-repository.js';
import { isTransactional } from '../store/backend.js';
import { blobOf } from '../store/blob-meta.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import type { ArchiveEnd, ArchiveSelection } from './archive-end.js';

/** One object to export: its store, its metadata (of the selected version) and which versions go. */
export interface SelectedObject {
  readonly end: ArchiveEnd;
  readonly meta: Metadata;
  /** `name@tag`: only this version; otherwise every version. */
  readonly oneVersion: boolean;
}

/** One version to export, before its content is written: a blob by hash, or a table's rows. */
export interface VersionSource {
  readonly version?: string;
  readonly kind: string;
  readonly kindMeta: Record<string, unknown>;
  readonly created: string;
  readonly tags: string[];
  /** The blob holding the version's bytes; absent for a table. */
  readonly blob?: { sha256: string; size: number };
}

/** The objects the selections name, each once (the first selection naming it wins), in selection order. */
export async function selectObjects(selections: readonly ArchiveSelection[]): Promise<SelectedObject[]> {
  const selected = new Map<string, SelectedObject>();
  for (const { end, pattern } of selections) {
    for (const object of await select(end, pattern)) {
      const key = `${object.meta.prefix}${object.meta.name}`;
      if (!selected.has(key)) selected.set(key, object);
    }
  }
  return [...selected.values()];
}

async function select(end: ArchiveEnd, pattern: string): Promise<SelectedObject[]> {
  const label = `${end.scope.prefix}${pattern} (bucket ${end.scope.bucket})`;
  if (pattern.includes('*')) {
    const names = await end.store.list(pattern, { hidden: true, includeTemp: true });
    if (names.length === 0) throw new NotFoundError(`no object matches ${label} in context ${end.scope.context}`);
    const metas = await Promise.all(names.map((name) => end.store.metadata(name)));
    return metas.flatMap((meta) => (meta ? [{ end, meta, oneVersion: false }] : []));
  }
  const parsed = parseName(pattern, { projection: false, version: end.versioned });
  const meta = await end.store.metadata(pattern);
  if (!meta) throw new NotFoundError(`${label} does not exist in context ${end.scope.context}`);
  return [{ end, meta, oneVersion: parsed.version !== undefined }];
}

/** The versions of an object the archive carries, oldest first; the last one is the metadata's. */
export async function versionsOf({ end, meta, oneVersion }: SelectedObject): Promise<VersionSource[]> {
  const backend = end.registry.byKind(meta.kind, end.scope.prefix);
  const table = isTransactional(backend);
  if (table && backend.kind !== 'table') {
    throw new ValidationError(`${meta.prefix}${meta.name} is of kind ${meta.kind}, which archives cannot carry`);
  }
  if (!end.versioned) {
    return [versionSource(meta.kind, meta.kindMeta, meta.modified.toISOString(), [], table)];
  }
  const revisions = new RevisionRepository(end.scope.engine.db);
  const [history, tags] = [await revisions.history(meta), await revisions.tags(meta)];
  const tagsOf = (version: string) => tags.filter((t) => t.version === version).map((t) => t.tag);
  const selected = oneVersion ? history.filter((row) => row.version === meta.kindMeta.version).slice(-1) : history;
  if (selected.length === 0) throw new NotFoundError(`${meta.prefix}${meta.name} has no stored version to export`);
  return selected.map((row, index) => {
    const own = JSON.parse(row.kind_meta) as Record<string, unknown>;
    // A version that recurs later in the history keeps its tags on its newest revision only.
    const newest = selected.findLastIndex((other) => other.version === row.version) === index;
    return {
      ...versionSource(row.kind, own, new Date(row.created).toISOString(), newest ? tagsOf(row.version) : [], false),
      version: row.version,
    };
  });
}

function versionSource(
  kind: string,
  kindMeta: Record<string, unknown>,
  created: string,
  tags: string[],
  table: boolean,
): VersionSource {
  const blob = blobOf({ kindMeta });
  if (!table && !blob)
    throw new ValidationError(`kind ${kind} stores no blob and is no table: archives cannot carry it`);
  return { kind, kindMeta, created, tags, ...(blob ? { blob } : {}) };
}
