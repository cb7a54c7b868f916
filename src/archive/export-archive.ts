import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { IntegrityError } from '../errors.js';
import type { ArchiveSelection } from './archive-end.js';
import { type SelectedObject, selectObjects, versionsOf } from './archive-members.js';
import {
  ARCHIVE_FORMAT,
  ARCHIVE_VERSION,
  type ArchiveMember,
  type ArchiveVersion,
  entryPath,
  MANIFEST_PATH,
} from './manifest.js';
import { tableToParquet } from './table-parquet.js';
import { TgzWriter } from './tgz-writer.js';
import type { ArchiveSummary } from './types.js';

/** The bytes of one archive entry, read when it is written. */
interface EntryContent {
  readonly size: number;
  readonly label: string;
  read(): AsyncIterable<Uint8Array>;
}

/**
 * Writes the selected objects into the `.tgz` archive `path` (API.md §14): `manifest.json` first,
 * then each blob once by its hash (streamed from the blob store) and each table as Parquet
 * (written to a work folder beside the archive first: a tar entry states its size up front).
 * Never the whole archive in memory; a failure leaves no archive behind.
 */
export async function exportArchive(selections: readonly ArchiveSelection[], path: string): Promise<ArchiveSummary> {
  const objects = await selectObjects(selections);
  const work = await mkdtemp(join(dirname(resolve(path)), '.omega-export-'));
  try {
    const entries = new Map<string, EntryContent>();
    const members: ArchiveMember[] = [];
    for (const object of objects) members.push(await memberOf(object, work, entries));
    const manifest = Buffer.from(
      JSON.stringify(
        { format: ARCHIVE_FORMAT, version: ARCHIVE_VERSION, created: new Date().toISOString(), members },
        null,
        1,
      ),
    );
    const writer = TgzWriter.open(path);
    try {
      await writer.add(MANIFEST_PATH, manifest.length, [manifest]);
      for (const [entry, content] of entries) {
        await writer.add(entry, content.size, named(content.read(), content.label));
      }
      const bytes = await writer.commit();
      return {
        path: resolve(path),
        members: members.map((m) => `${m.prefix}${m.name}`),
        versions: members.reduce((sum, m) => sum + m.versions.length, 0),
        bytes,
      };
    } catch (error) {
      await writer.abort();
      throw error;
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The manifest entry of one object; the content of its versions is added to `entries`. */
async function memberOf(
  object: SelectedObject,
  work: string,
  entries: Map<string, EntryContent>,
): Promise<ArchiveMember> {
  const { end, meta } = object;
  const label = `${meta.prefix}${meta.name} (bucket ${meta.bucket})`;
  const versions: ArchiveVersion[] = [];
  let kindMeta = meta.kindMeta;
  for (const source of await versionsOf(object)) {
    const { blob, ...version } = source;
    if (blob) {
      const path = entryPath(false, blob.sha256);
      entries.set(path, { size: blob.size, label, read: () => end.scope.engine.blobs.stream(blob.sha256) });
      versions.push({ ...version, path, sha256: blob.sha256, size: blob.size });
      continue;
    }
    const parquet = await tableToParquet(end.scope, meta, work);
    const path = entryPath(true, parquet.sha256);
    entries.set(path, { size: parquet.size, label, read: () => createReadStream(parquet.file) });
    // The rows of the snapshot the table was read from.
    kindMeta = { ...kindMeta, rows: parquet.rows };
    versions.push({ ...version, kindMeta, path, sha256: parquet.sha256, size: parquet.size });
  }
  return {
    prefix: end.scope.prefix,
    name: meta.name,
    kind: meta.kind,
    from: { context: end.scope.context, bucket: end.scope.bucket },
    metadata: {
      kindMeta,
      attributes: meta.attributes,
      created: meta.created.toISOString(),
      modified: meta.modified.toISOString(),
    },
    versions,
  };
}

/** The bytes of `source`, a damaged blob's error naming the object it belongs to. */
async function* named(source: AsyncIterable<Uint8Array>, label: string): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (error) {
    if (error instanceof IntegrityError) {
      throw new IntegrityError(`${label} cannot be exported: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
