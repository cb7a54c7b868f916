/** What an export wrote. */
export interface ArchiveSummary {
  /** The archive file. */
  path: string;
  /** `<prefix><name>` of every member, in archive order. */
  members: string[];
  /** Versions carried, over all members. */
  versions: number;
  /** Size of the archive file in bytes. */
  bytes: number;
}

/** Options of an import. */
export interface ArchiveImportOptions {
  /** Replace objects that exist in the target (default false: an existing object is a ConflictError). */
  replace?: boolean;
}

/** What an import wrote, all in one transaction. */
export interface ArchiveImportResult {
  /** The archive file. */
  path: string;
  /** `<prefix><name>` of every object written. */
  members: string[];
  /** Of those, the ones that replaced an existing object. */
  replaced: string[];
}

/** Options of `om.gc()`. */
export interface GcOptions {
  /** Report what would be removed, remove nothing. */
  dryRun?: boolean;
  /**
   * Blobs and staged chunks written less than this many seconds before gc started are kept
   * (default 600): a put writes its blob before it commits the metadata row that references it.
   */
  graceSeconds?: number;
}

/** What gc removed (or, dry, would remove). */
export interface GcReport {
  dryRun: boolean;
  /** When gc started: nothing written after it is removed. */
  started: Date;
  /** Unreferenced blobs. */
  blobs: number;
  /** Partial uploads (killed writes): temp files, or chunks without a blob. */
  staged: number;
  /** Bytes of both. */
  freedBytes: number;
}
