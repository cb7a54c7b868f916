import { z } from 'zod';
import { IntegrityError, ValidationError } from '../errors.js';
import { STORE_PREFIXES } from '../store/backend.js';

/** What `manifest.json` says it is: omegats archives only. */
export const ARCHIVE_FORMAT = 'omegats';
/** The manifest version this omegats writes and the newest it reads. */
export const ARCHIVE_VERSION = 1;
/** The archive's first entry. */
export const MANIFEST_PATH = 'manifest.json';
/** A manifest larger than this is not one of ours (it is read into memory). */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');
const ISO_TIME = z.iso.datetime();
const JSON_OBJECT = z.record(z.string(), z.unknown());

/** One stored version of a member: its content is the archive entry `path`, which hashes to `sha256`. */
const archiveVersion = z.strictObject({
  /** The version's name in its store (models and scripts); absent for datasets and jobs. */
  version: z.string().optional(),
  kind: z.string().min(1),
  kindMeta: JSON_OBJECT,
  created: ISO_TIME,
  /** Tags (not `latest`) naming this version. */
  tags: z.array(z.string()),
  /** `blobs/<sha256>` or `tables/<sha256>.parquet`. */
  path: z.string().regex(/^(blobs\/[0-9a-f]{64}|tables\/[0-9a-f]{64}\.parquet)$/),
  sha256: SHA256,
  size: z.number().int().nonnegative(),
});

/** One object of the archive, with every version it carries (oldest first; the last is its latest). */
const archiveMember = z.strictObject({
  prefix: z.enum(STORE_PREFIXES),
  name: z.string().min(1).max(255),
  kind: z.string().min(1),
  /** The bucket and context it was exported from, for the record. */
  from: z.strictObject({ context: z.string(), bucket: z.string() }),
  metadata: z.strictObject({
    kindMeta: JSON_OBJECT,
    attributes: JSON_OBJECT,
    created: ISO_TIME,
    modified: ISO_TIME,
  }),
  versions: z.array(archiveVersion).min(1),
});

const manifestSchema = z.strictObject({
  format: z.literal(ARCHIVE_FORMAT),
  version: z.literal(ARCHIVE_VERSION),
  created: ISO_TIME,
  members: z.array(archiveMember),
});

export type ArchiveVersion = z.infer<typeof archiveVersion>;
export type ArchiveMember = z.infer<typeof archiveMember>;
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * The manifest of `bytes`, checked: not JSON or not an omegats manifest is an IntegrityError
 * naming what is wrong; a newer version is a ValidationError that says which.
 */
export function parseManifest(bytes: Buffer, archive: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new IntegrityError(`${archive}: ${MANIFEST_PATH} is not JSON (${(error as Error).message})`);
  }
  const head = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (head.format !== ARCHIVE_FORMAT) {
    throw new ValidationError(`${archive} is not an omegats archive (format ${JSON.stringify(head.format)})`);
  }
  if (typeof head.version === 'number' && head.version > ARCHIVE_VERSION) {
    throw new ValidationError(
      `${archive} has manifest version ${head.version}, newer than this omegats reads (${ARCHIVE_VERSION}): upgrade omegats`,
    );
  }
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'manifest';
    throw new IntegrityError(`${archive}: ${MANIFEST_PATH} is damaged at ${where}: ${issue?.message ?? 'invalid'}`);
  }
  checkMembers(parsed.data, archive);
  return parsed.data;
}

/** A member twice, or a version whose path does not name its hash, is a lying manifest. */
function checkMembers(manifest: Manifest, archive: string): void {
  const seen = new Set<string>();
  for (const member of manifest.members) {
    const key = `${member.prefix}${member.name}`;
    if (seen.has(key)) throw new IntegrityError(`${archive}: ${MANIFEST_PATH} lists ${key} twice`);
    seen.add(key);
    for (const version of member.versions) {
      if (!version.path.includes(version.sha256)) {
        throw new IntegrityError(`${archive}: ${key} names entry ${version.path} for content ${version.sha256}`);
      }
    }
  }
}

/** The archive entry holding a version's content. */
export function entryPath(table: boolean, sha256: string): string {
  return table ? `tables/${sha256}.parquet` : `blobs/${sha256}`;
}
