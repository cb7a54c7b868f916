/** Where a cached model was read: its context, bucket and name. */
export interface ModelPlace {
  readonly context: string;
  readonly bucket: string;
  readonly name: string;
}

interface CachedModel extends ModelPlace {
  readonly version: string;
  readonly model: Promise<unknown>;
}

/**
 * Decoded models by content version, most recently used last. Versions are immutable and
 * content-named, so a cached model is the stored one as long as nobody mutates it: only actions
 * that do not train use the cache; a fit decodes its own copy. A version is read (and checked)
 * in each place it is used (a promoted model: dev and prod), and kept per place. Keyed by the
 * version, a lookup hashes a string the metadata already holds, not a new one per call.
 */
export class ModelCache {
  private readonly models = new Map<string, CachedModel[]>();
  private count = 0;
  /** The entry used last: its version is already last in `models`. */
  private newest: CachedModel | undefined;

  /** At most `capacity` decoded models, however many places share a version. */
  constructor(private readonly capacity = 16) {}

  get(place: ModelPlace, version: string, load: () => Promise<unknown>): Promise<unknown> {
    const newest = this.newest;
    if (newest !== undefined && newest.version === version && samePlace(newest, place)) return newest.model;
    const entries = this.models.get(version) ?? [];
    let entry = entries.find((cached) => samePlace(cached, place));
    if (entry === undefined) {
      const loaded: CachedModel = {
        context: place.context,
        bucket: place.bucket,
        name: place.name,
        version,
        model: load(),
      };
      // A failed decode is not kept: the next task tries again.
      loaded.model.catch(() => this.forget(loaded));
      entries.push(loaded);
      this.count += 1;
      entry = loaded;
    }
    this.models.delete(version);
    this.models.set(version, entries);
    this.newest = entry;
    while (this.count > this.capacity) {
      const [oldest] = this.models.values().next().value as CachedModel[];
      this.forget(oldest as CachedModel);
    }
    return entry.model;
  }

  private forget(entry: CachedModel): void {
    const entries = this.models.get(entry.version);
    const at = entries?.indexOf(entry) ?? -1;
    if (entries === undefined || at === -1) return;
    entries.splice(at, 1);
    this.count -= 1;
    if (entries.length === 0) this.models.delete(entry.version);
    if (this.newest === entry) this.newest = undefined;
  }
}

function samePlace(entry: CachedModel, place: ModelPlace): boolean {
  return entry.name === place.name && entry.bucket === place.bucket && entry.context === place.context;
}
