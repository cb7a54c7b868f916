import { readRows } from '../datasets/io/read-rows.js';
import { tableMetaOf } from '../datasets/table-meta.js';
import type { RowChunks } from '../datasets/types.js';
import { IntegrityError } from '../errors.js';
import { type Backend, isTransactional } from '../store/backend.js';
import { blobOf } from '../store/blob-meta.js';
import { validateName } from '../store/names.js';
import type { ArchiveEnd } from './archive-end.js';
import type { ArchiveMember } from './manifest.js';
import type { StagedArchive, StagedEntry } from './stage-archive.js';

/** Rows per chunk when an archived table is read into the target. */
const IMPORT_CHUNK_ROWS = 4_096;

/** A member checked against its target store, ready to be written. */
export interface MemberPlan {
  readonly member: ArchiveMember;
  readonly end: ArchiveEnd;
  /** `data/sales`, for messages. */
  readonly label: string;
  /** A table member: its rows (read from the staged Parquet file) and the rows the manifest promises. */
  readonly table?: { readonly backend: Backend; readonly rows: () => Promise<RowChunks>; readonly count: number };
  /** The staged entries of its blobs. */
  readonly blobs: readonly StagedEntry[];
}

/**
 * Checks that a member can be written into `end` as the manifest describes it: a known kind, a
 * valid name, versions only where the store keeps them, blob versions whose kindMeta names the
 * blob archived for them, a table whose Parquet columns are the ones its metadata lists. A
 * manifest that lies about a member is an IntegrityError naming it.
 */
export async function planMember(member: ArchiveMember, end: ArchiveEnd, staged: StagedArchive): Promise<MemberPlan> {
  const label = `${member.prefix}${member.name}`;
  const lying = (what: string) => new IntegrityError(`${staged.path}: the manifest's ${label} ${what}`);
  validateName(member.name);
  const backend = end.registry.byKind(member.kind, end.scope.prefix);
  const versions = member.versions;
  const latest = versions.at(-1) as (typeof versions)[number];
  if (latest.kind !== member.kind) throw lying(`is of kind ${member.kind} but its latest version of ${latest.kind}`);
  if (!end.versioned && versions.length > 1)
    throw lying(`has ${versions.length} versions; store ${member.prefix} keeps one`);
  const entryOf = (path: string) => staged.entries.get(path) as StagedEntry;

  if (isTransactional(backend)) {
    if (backend.kind !== 'table' || versions.length !== 1)
      throw lying(`is of kind ${member.kind}, which archives cannot carry`);
    const table = tableMetaOf(latest.kindMeta, label);
    const file = entryOf(latest.path).file;
    const columns = table.columns.map(({ name, type }) => ({ name, type }));
    const read = (await readRows(file, 'parquet', { chunkSize: IMPORT_CHUNK_ROWS })).columns ?? [];
    if (JSON.stringify(read.map(({ name, type }) => ({ name, type }))) !== JSON.stringify(columns)) {
      throw lying(`lists columns ${describe(columns)} but its Parquet file holds ${describe(read)}`);
    }
    const rows = () => readRows(file, 'parquet', { chunkSize: IMPORT_CHUNK_ROWS, columns });
    return { member, end, label, table: { backend, rows, count: table.rows }, blobs: [] };
  }

  for (const version of versions) {
    end.registry.byKind(version.kind, end.scope.prefix);
    if (version.path.startsWith('tables/')) throw lying(`stores a blob of kind ${version.kind} as a table`);
    const blob = blobOf(version);
    if (blob?.sha256 !== version.sha256 || blob.size !== version.size) {
      throw lying(`version names blob ${String(blob?.sha256)} but carries ${version.sha256}`);
    }
    if (end.versioned && version.version === undefined) throw lying('has a version without its name');
  }
  const head = blobOf(member.metadata);
  if (head?.sha256 !== latest.sha256)
    throw lying(`metadata names blob ${String(head?.sha256)}, not its latest version's`);
  if (end.versioned && member.metadata.kindMeta.version !== latest.version) {
    throw lying(`metadata names version ${String(member.metadata.kindMeta.version)}, not its latest`);
  }
  return { member, end, label, blobs: versions.map((version) => entryOf(version.path)) };
}

function describe(columns: readonly { name: string; type: string }[]): string {
  return `[${columns.map((c) => `${c.name}:${c.type}`).join(', ')}]`;
}
