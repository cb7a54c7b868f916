/**
 * Decoded models by kind and content version, most recently used last. Versions are immutable and
 * content-named, so a cached model is the stored one as long as nobody mutates it: only actions
 * that do not train use the cache; a fit decodes its own copy.
 */
export class ModelCache {
  private readonly models = new Map<string, Promise<unknown>>();
  /** The key used last: already last in `models`, so a run of gets of one model moves nothing. */
  private newest: string | undefined;

  constructor(private readonly capacity = 16) {}

  get(key: string, load: () => Promise<unknown>): Promise<unknown> {
    let model = this.models.get(key);
    if (model !== undefined && key === this.newest) return model;
    this.newest = key;
    if (model === undefined) {
      model = load();
      // A failed decode is not kept: the next task tries again.
      model.catch(() => this.models.delete(key));
    } else {
      this.models.delete(key);
    }
    this.models.set(key, model);
    while (this.models.size > this.capacity) {
      const oldest = this.models.keys().next().value as string;
      this.models.delete(oldest);
    }
    return model;
  }
}
