/** Where a cached model was read: its context, bucket and name. */
export interface ModelPlace {
  readonly context: string;
  readonly bucket: string;
  readonly name: string;
}

interface CachedModel extends ModelPlace {
  readonly model: Promise<unknown>;
}

/**
 * Decoded models by content version, most recently used last. Versions are immutable and
 * content-named, so a cached model is the stored one as long as nobody mutates it: only actions
 * that do not train use the cache; a fit decodes its own copy. Each entry remembers where it was
 * read, and a version asked for anywhere else is read (and checked) there, replacing it. Keyed by
 * the version alone, a lookup hashes a string the metadata already holds, not a new one per call.
 */
export class ModelCache {
  private readonly models = new Map<string, CachedModel>();
  /** The entry used last: already last in `models`, so a run of gets of one model moves nothing. */
  private newest: CachedModel | undefined;

  constructor(private readonly capacity = 16) {}

  get(place: ModelPlace, version: string, load: () => Promise<unknown>): Promise<unknown> {
    let entry = this.models.get(version);
    if (entry !== undefined && entry === this.newest && sameModel(entry, place)) return entry.model;
    if (entry === undefined || !sameModel(entry, place)) {
      const model = load();
      const loaded: CachedModel = { context: place.context, bucket: place.bucket, name: place.name, model };
      // A failed decode is not kept: the next task tries again.
      model.catch(() => {
        if (this.models.get(version) === loaded) this.models.delete(version);
      });
      entry = loaded;
    }
    this.models.delete(version);
    this.models.set(version, entry);
    this.newest = entry;
    while (this.models.size > this.capacity) {
      const oldest = this.models.keys().next().value as string;
      this.models.delete(oldest);
    }
    return entry.model;
  }
}

function sameModel(entry: CachedModel, place: ModelPlace): boolean {
  return entry.name === place.name && entry.bucket === place.bucket && entry.context === place.context;
}
