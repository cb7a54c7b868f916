import { ValidationError } from '../errors.js';

/** A model as bytes, with what its metadata says about it. */
export interface EncodedModel {
  readonly bytes: Uint8Array;
  /** Whether the model is trained (`kindMeta.fitted`). */
  readonly fitted: boolean;
  /** More facts for kindMeta (class name, feature count…); JSON values only. */
  readonly meta?: Readonly<Record<string, unknown>>;
}

/**
 * Turns one family of models into bytes and back. The models store keeps the bytes as a
 * content-addressed blob (their sha256 names the version) and `decode` restores the library's
 * own object. Codecs of optional libraries import them on first use.
 */
export interface ModelCodec {
  /** The backend kind, e.g. `mljs.random-forest-classifier`. */
  readonly kind: string;
  supports(obj: unknown): boolean;
  encode(obj: unknown): Promise<EncodedModel>;
  decode(bytes: Buffer, kindMeta: Readonly<Record<string, unknown>>): Promise<unknown>;
  /** The model object for raw bytes put with this kind forced (ONNX files). */
  fromBytes?(bytes: Uint8Array): Promise<unknown>;
  /** The uniform face of a decoded model; `params` are the caller's fit options (`--param k=v`). */
  estimator(model: unknown, params: Readonly<Record<string, unknown>>): Estimator;
}

/** For codecs whose models take no options: any parameter is a mistake worth naming. */
export function noParams(kind: string, params: Readonly<Record<string, unknown>>): void {
  const names = Object.keys(params);
  if (names.length > 0)
    throw new ValidationError(`models of kind ${kind} take no parameters (got ${names.join(', ')})`);
}

/**
 * The uniform face the runtime and REST use to drive any model. X is rows of numeric features;
 * Y one target per row. Methods a library lacks throw a ValidationError naming the model kind.
 */
export interface Estimator {
  readonly kind: string;
  readonly fitted: boolean;
  /** Trains in place (throws for inference-only models, e.g. ONNX). */
  fit(X: number[][], Y: readonly (number | string)[]): Promise<void>;
  predict(X: number[][]): Promise<(number | string)[] | number[][]>;
  predictProba?(X: number[][]): Promise<number[][]>;
  /** Accuracy for classifiers, R² for regressors. */
  score(X: number[][], Y: readonly (number | string)[]): Promise<number>;
  /** Goes on training from the current state, where the library can (TF.js). */
  partialFit?(X: number[][], Y: readonly (number | string)[]): Promise<void>;
  /** The model object to store after a fit. */
  readonly model: unknown;
}
