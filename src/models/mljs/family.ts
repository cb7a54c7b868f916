import type { JsonObject } from './json.js';
import type { Label } from './types.js';

/**
 * How Y reaches the library: `indexed` classifiers take only labels 0..k-1 (omegats maps the
 * caller's labels to indices and keeps the label list beside the model), `native` classifiers take
 * any labels, `numeric` ones are regressors.
 */
export type Target = 'indexed' | 'native' | 'numeric';

/**
 * Everything omegats knows about one ml.js class. The codec (codec.ts) and the estimator adapter
 * (estimator.ts) are built from it, so each class is described once, in its own file.
 */
export interface MljsFamily<M extends object, Y extends Label = number> {
  readonly kind: string;
  readonly className: string;
  readonly target: Target;
  /**
   * How predict gets X: `rows`, all checked; `self`, with only the first row checked, predict
   * checking the others as it goes (for predictions cheaper than a separate check pass).
   */
  readonly input: 'rows' | 'self';
  is(obj: unknown): obj is M;
  isFitted(model: M): boolean;
  /** The object a fit replaces: facts kept beside the model hold only while it is unchanged. */
  state(model: M): unknown;
  /** The feature count, where the trained model itself keeps it. */
  features(model: M): number | undefined;
  /** When the feature count is unknown: the fewest features the trained model reads. */
  minFeatures?(model: M): number;
  /** Classifiers: the labels a trained model predicts, where it tells (0..k-1 for `indexed`). */
  classes?(model: M): Label[] | undefined;
  /** Constructor options read back from the instance (trained or not). */
  options(model: M): JsonObject | undefined;
  /** The library's own JSON of a trained model. */
  toModel(model: M): unknown;
  /** More meta beside class, features and classes. */
  meta?(model: M): JsonObject;
  /** An untrained instance with these options. */
  create(options: JsonObject | undefined): M;
  /** A trained instance from its stored JSON; may throw anything on a malformed model. */
  load(model: JsonObject, options: JsonObject | undefined, features: number | undefined): M;
  /** Trains in place on checked rows; `y` holds indices (`indexed`), labels (`native`) or numbers. */
  fit(model: M, X: number[][], y: readonly Y[]): void;
  /** Predictions (indices for `indexed`); X checked as `input` says. */
  predict(model: M, X: number[][]): Label[] | number[][];
  /** Per row, one probability per label of `classes`, in that order, for checked rows. */
  predictProba?(model: M, X: number[][], classes: readonly Label[]): number[][];
}

/** The members a shared helper fills in for the classes of one package (trees, forests). */
export type SharedParts<M extends object> = Pick<
  MljsFamily<M>,
  'isFitted' | 'state' | 'features' | 'minFeatures' | 'options' | 'toModel' | 'create' | 'load' | 'fit' | 'predict'
>;

/** Any family, as the codec list and the adapter hold them. */
export type AnyFamily = MljsFamily<object, Label>;

/** What omegats knows of a model beyond the library's own state. */
export interface Facts {
  readonly state: unknown;
  readonly features?: number;
  readonly minFeatures?: number;
  readonly classes?: readonly Label[];
  /** The classes are exactly 0..k-1, so predicted indices need no mapping. */
  readonly identity: boolean;
}

const known = new WeakMap<object, Facts>();

/**
 * Records facts about a model (after a fit or a decode): the feature count and label list the
 * library does not keep. They are dropped as soon as the model is trained again outside omegats.
 */
export function remember(
  family: AnyFamily,
  model: object,
  given: { features?: number | undefined; classes?: readonly Label[] | undefined },
): Facts {
  const features = family.features(model) ?? given.features;
  const classes = given.classes ?? family.classes?.(model);
  const facts: Facts = {
    state: family.state(model),
    features,
    minFeatures: features === undefined ? family.minFeatures?.(model) : undefined,
    classes,
    identity: classes?.every((label, i) => label === i) ?? true,
  };
  known.set(model, facts);
  return facts;
}

/** The facts of a model: those recorded while still valid, else what the model itself tells. */
export function factsOf(family: AnyFamily, model: object): Facts {
  const facts = known.get(model);
  if (facts !== undefined && facts.state === family.state(model)) return facts;
  return remember(family, model, {});
}
