import { createHash } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegrityError } from '../errors.js';
import { MANIFEST_PATH, MAX_MANIFEST_BYTES, type Manifest, parseManifest } from './manifest.js';
import { readTgz, type TgzEntry } from './tgz-reader.js';

const CONTENT_ENTRY = /^(?:blobs\/([0-9a-f]{64})|tables\/([0-9a-f]{64})\.parquet)$/;

/** An entry of the archive unpacked into the staging folder, its hash checked against its name. */
export interface StagedEntry {
  readonly file: string;
  readonly sha256: string;
  readonly size: number;
}

/** An archive unpacked and checked: the manifest and every entry it lists; `remove()` when done. */
export interface StagedArchive {
  readonly path: string;
  readonly manifest: Manifest;
  readonly entries: ReadonlyMap<string, StagedEntry>;
  remove(): Promise<void>;
}

/**
 * Unpacks the archive `path` into a staging folder and checks all of it before anything is
 * imported: the manifest (first entry), each entry's bytes against the hash in its name, each
 * version the manifest lists against an entry of its hash and size, and no entry unlisted. Any
 * failure is an IntegrityError naming the problem (a newer manifest version: a ValidationError),
 * and leaves nothing behind.
 */
export async function stageArchive(path: string): Promise<StagedArchive> {
  const dir = await mkdtemp(join(tmpdir(), 'omega-import-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    let manifest: Manifest | undefined;
    const entries = new Map<string, StagedEntry>();
    await readTgz(path, async (entry) => {
      if (manifest === undefined) {
        if (entry.path !== MANIFEST_PATH || entry.type !== 'File') {
          throw new IntegrityError(`${path}: the first entry is ${entry.path}, not ${MANIFEST_PATH}`);
        }
        manifest = parseManifest(await readManifest(entry, path), path);
        return;
      }
      const hash = CONTENT_ENTRY.exec(entry.path);
      const sha256 = hash?.[1] ?? hash?.[2];
      if (sha256 === undefined || entry.type !== 'File') {
        throw new IntegrityError(`${path}: unexpected entry ${entry.path} (${entry.type})`);
      }
      if (entries.has(entry.path)) throw new IntegrityError(`${path}: entry ${entry.path} appears twice`);
      const file = join(dir, `${entries.size}`);
      const written = await writeHashed(entry, file);
      if (written.sha256 !== sha256) {
        throw new IntegrityError(`${path}: entry ${entry.path} is corrupted: its bytes hash to ${written.sha256}`);
      }
      entries.set(entry.path, { file, ...written });
    });
    if (manifest === undefined) throw new IntegrityError(`${path} is empty: it holds no ${MANIFEST_PATH}`);
    checkListed(manifest, entries, path);
    return { path, manifest, entries, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function readManifest(entry: TgzEntry, path: string): Promise<Buffer> {
  if (entry.size > MAX_MANIFEST_BYTES) {
    throw new IntegrityError(`${path}: ${MANIFEST_PATH} is ${entry.size} bytes, more than a manifest can be`);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of entry.content) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function writeHashed(entry: TgzEntry, file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  const handle = await open(file, 'wx');
  try {
    for await (const chunk of entry.content) {
      hash.update(chunk);
      size += chunk.length;
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  if (size !== entry.size) throw new IntegrityError(`entry ${entry.path} ends after ${size} of ${entry.size} bytes`);
  return { sha256: hash.digest('hex'), size };
}

/** Every listed version has its entry, of the size listed; every entry is listed. */
function checkListed(manifest: Manifest, entries: ReadonlyMap<string, StagedEntry>, path: string): void {
  const listed = new Set<string>();
  for (const member of manifest.members) {
    for (const version of member.versions) {
      const entry = entries.get(version.path);
      const what = `${member.prefix}${member.name}${version.version ? ` version ${version.version.slice(0, 12)}` : ''}`;
      if (!entry) throw new IntegrityError(`${path}: ${what} lists ${version.path}, which the archive does not hold`);
      if (entry.size !== version.size) {
        throw new IntegrityError(`${path}: ${what} lists ${version.size} bytes but ${version.path} has ${entry.size}`);
      }
      listed.add(version.path);
    }
  }
  const unlisted = [...entries.keys()].find((entry) => !listed.has(entry));
  if (unlisted !== undefined)
    throw new IntegrityError(`${path}: entry ${unlisted} belongs to no member of the manifest`);
}
