import type { LayersModel } from '@tensorflow/tfjs';
import { loadOptional } from '../load-optional.js';

export type TensorFlow = typeof import('@tensorflow/tfjs');

/** @tensorflow/tfjs, imported on first use. */
export function loadTensorFlow(): Promise<TensorFlow> {
  return loadOptional<TensorFlow>('@tensorflow/tfjs');
}

/** A tf.LayersModel, recognised without importing TF.js (`supports` is synchronous). */
export function isLayersModel(obj: unknown): obj is LayersModel {
  if (typeof obj !== 'object' || obj === null) return false;
  const candidate = obj as Record<string, unknown>;
  return (
    typeof candidate.save === 'function' &&
    typeof candidate.predict === 'function' &&
    typeof candidate.fit === 'function' &&
    Array.isArray(candidate.layers)
  );
}

const knownFitted = new WeakSet<LayersModel>();

/**
 * Whether the model has been trained. Every TF.js training path (fit, fitDataset, trainOnBatch)
 * steps the optimizer, whose iteration counter we read; the counter is saved with the optimizer
 * state, so a model saved after training still says so when loaded. Models seen trained, or
 * decoded from bytes that say so, are remembered, which covers a model compiled again after
 * training (a new optimizer starts at 0). A compiled but never-trained model is not fitted, and
 * neither is one whose weights were loaded without optimizer state: nothing shows it was trained.
 */
export function isTfjsFitted(model: LayersModel): boolean {
  if (knownFitted.has(model)) return true;
  const iterations = optimizerOf(model)?.iterations ?? 0;
  if (iterations > 0) knownFitted.add(model);
  return iterations > 0;
}

export function markTfjsFitted(model: LayersModel): void {
  knownFitted.add(model);
}

/** The optimizer, undefined for a model never compiled (TF.js types it as always present). */
export function optimizerOf(model: LayersModel): LayersModel['optimizer'] | undefined {
  return model.optimizer;
}

/** The static size of a shape's last dimension. */
export function lastDimension(shape: readonly (number | null)[] | undefined): number | undefined {
  const last = shape?.at(-1);
  return typeof last === 'number' ? last : undefined;
}
