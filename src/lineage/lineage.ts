import { NotFoundError, ValidationError } from '../errors.js';
import { TRAINING_ROLES, type TrainingInput, trainingRecordOf } from '../models/training-record.js';
import type { PromotionRecord } from '../promotion/types.js';
import { revisionOf } from '../store/dataset-revision.js';
import { parseName } from '../store/names.js';
import type {
  ContextOpener,
  Lineage,
  LineageAddress,
  LineagePromotion,
  LineageScope,
  LineageStore,
  OpenedScope,
  TrainingLineage,
  VersionLineage,
} from './types.js';

const STORES = { 'models/': 'models', 'data/': 'datasets', 'scripts/': 'scripts', 'jobs/': 'jobs' } as const;
type Prefix = keyof typeof STORES;
/** The CLI's store names say the same. */
const ALIASES: Record<string, Prefix> = { 'datasets/': 'data/' };

/** How far back lineage follows promotions from context to context. */
const MAX_HOPS = 8;

/**
 * The lineage of `qualified` (`models/iris`, `data/sales`…) in `scope` (API.md §14): its versions
 * and what each was trained on, then and now, and the promotions into it, each followed to its
 * source when that is another bucket of this context or a context `open` can open.
 */
export async function lineageOf(scope: LineageScope, qualified: string, open?: ContextOpener): Promise<Lineage> {
  const { prefix, name } = splitQualified(qualified);
  const contexts = new Contexts(scope, open);
  try {
    return await new LineageWalk(contexts).object(scope, prefix, name, 0, new Set());
  } finally {
    await contexts.close();
  }
}

function splitQualified(qualified: string): { prefix: Prefix; name: string } {
  const given = [...Object.keys(STORES), ...Object.keys(ALIASES)].find(
    (p) => typeof qualified === 'string' && qualified.startsWith(p),
  );
  if (given === undefined) {
    throw new ValidationError(
      `lineage needs a store and a name, such as models/iris or data/sales, not ${JSON.stringify(qualified)}`,
    );
  }
  const name = parseName(qualified.slice(given.length), { projection: false, version: false }).name;
  return { prefix: ALIASES[given] ?? (given as Prefix), name };
}

/** The contexts one lineage call reaches: the caller's, and those it opened (closed at the end). */
class Contexts {
  private readonly opened = new Map<string, Promise<OpenedScope>>();

  constructor(
    private readonly home: LineageScope,
    private readonly open: ContextOpener | undefined,
  ) {}

  /** The handle on `bucket` of `context`; throws (with a reason) when it cannot be opened. */
  async scope(context: string, bucket: string): Promise<LineageScope> {
    if (context === this.home.context) return this.home.bucket(bucket);
    if (!this.open) throw new Error('no way to open other contexts was given');
    const opening = this.opened.get(context) ?? this.open(context);
    this.opened.set(context, opening);
    return (await opening).bucket(bucket);
  }

  async close(): Promise<void> {
    for (const opening of this.opened.values()) await (await opening.catch(() => null))?.close();
  }
}

class LineageWalk {
  /** Sources already walked: a ledger often names one source many times (every promotion of it). */
  private readonly sources = new Map<string, Promise<Lineage>>();

  constructor(private readonly contexts: Contexts) {}

  async object(
    scope: LineageScope,
    prefix: Prefix,
    name: string,
    hops: number,
    seen: ReadonlySet<string>,
  ): Promise<Lineage> {
    const store: LineageStore = scope[STORES[prefix]];
    const object: LineageAddress = { context: scope.context, bucket: scope.bucketName, prefix, name };
    if (!(await store.metadata(name))) {
      throw new NotFoundError(
        `${prefix}${name} (bucket ${scope.bucketName}) does not exist in context ${scope.context}`,
      );
    }
    const key = `${scope.context}\u001f${scope.bucketName}\u001f${prefix}${name}`;
    const within = new Set([...seen, key]);
    const versions = prefix === 'models/' || prefix === 'scripts/' ? await this.versions(scope, prefix, name) : [];
    const promotions: LineagePromotion[] = [];
    for (const record of await store.promotions(name)) {
      const promotion = await this.promotion(record, hops, within);
      if (record.bundle === undefined) promotions.push(promotion);
      else {
        const others = (await store.bundlePromotions(record.bundle)).filter((other) => other.id !== record.id);
        promotions.push({ ...promotion, bundledWith: others.map((other) => other.target) });
      }
    }
    return { object, versions, promotions };
  }

  private async versions(scope: LineageScope, prefix: 'models/' | 'scripts/', name: string): Promise<VersionLineage[]> {
    const store = scope[STORES[prefix]];
    const result: VersionLineage[] = [];
    for (const revision of await store.revisions(name)) {
      const meta = await store.metadata(`${name}@${revision.version}`);
      const record = meta ? trainingRecordOf(meta.kindMeta) : null;
      const trainedOn: TrainingLineage[] = [];
      for (const role of TRAINING_ROLES) {
        const input = record?.[role];
        if (input) trainedOn.push({ role, ...(await this.training(input, revision.created)) });
      }
      result.push({ version: revision.version, tags: revision.tags, created: revision.created, trainedOn });
    }
    return result;
  }

  /** One input of a fit, then and now: changed when its revision moved, or it was dropped (or made anew) since. */
  private async training(input: TrainingInput, versionCreated: Date): Promise<Omit<TrainingLineage, 'role'>> {
    const dataset = parseName(input.name, { projection: true, version: false }).name;
    const then = { ...input, dataset };
    let scope: LineageScope;
    try {
      scope = await this.contexts.scope(input.context, input.bucket);
    } catch (error) {
      const note = `context ${input.context} cannot be reached: ${reason(error)}`;
      return { ...then, currentRevision: null, changed: null, note };
    }
    const now = await scope.datasets.metadata(dataset);
    if (!now) return { ...then, currentRevision: null, changed: true, note: 'the dataset no longer exists' };
    const currentRevision = revisionOf(now);
    if (input.revision === null) {
      return { ...then, currentRevision, changed: null, note: 'the revision the fit read is not known' };
    }
    const remade = now.created.getTime() > versionCreated.getTime();
    return { ...then, currentRevision, changed: remade || currentRevision !== input.revision };
  }

  private async promotion(record: PromotionRecord, hops: number, seen: ReadonlySet<string>): Promise<LineagePromotion> {
    const from = record.source;
    if (!from) return { record, source: null };
    const key = `${from.context}\u001f${from.bucket}\u001f${from.prefix}${from.name}`;
    if (seen.has(key)) return { record, source: null, note: 'the source is already in this lineage' };
    if (hops + 1 >= MAX_HOPS) return { record, source: null, note: `not followed beyond ${MAX_HOPS} promotions` };
    const prefix = from.prefix as Prefix;
    if (!(prefix in STORES)) return { record, source: null, note: `unknown store ${from.prefix}` };
    let scope: LineageScope;
    try {
      scope = await this.contexts.scope(from.context, from.bucket);
    } catch (error) {
      return { record, source: null, note: `context ${from.context} cannot be reached: ${reason(error)}` };
    }
    const walked = this.sources.get(key) ?? this.object(scope, prefix, from.name, hops + 1, seen);
    this.sources.set(key, walked);
    try {
      return { record, source: await walked };
    } catch (error) {
      if (error instanceof NotFoundError) return { record, source: null, note: error.message };
      throw error;
    }
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
