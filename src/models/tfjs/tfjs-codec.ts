import type { io, LayersModel } from '@tensorflow/tfjs';
import { ValidationError } from '../../errors.js';
import type { EncodedModel, ModelCodec } from '../model-codec.js';
import { packArtifacts, unpackArtifacts } from './tfjs-bytes.js';
import { tfjsEstimator, tfjsFitOptions } from './tfjs-estimator.js';
import {
  isLayersModel,
  isTfjsFitted,
  lastDimension,
  loadTensorFlow,
  markTfjsFitted,
  optimizerOf,
  type TensorFlow,
} from './tfjs-model.js';

/**
 * TF.js layers models (tf.sequential, tf.model), stored with their topology, weights, training
 * config and optimizer state in one array (see tfjs-bytes.ts). A decoded model is compiled again
 * from the training config, so it can go on training where it stopped.
 */
export const tfjsCodec: ModelCodec = {
  kind: 'tfjs.layers',

  supports(obj: unknown): boolean {
    return isLayersModel(obj);
  },

  async encode(obj: unknown): Promise<EncodedModel> {
    if (!isLayersModel(obj)) throw new ValidationError('the tfjs.layers codec encodes TF.js LayersModel objects only');
    const tf = await loadTensorFlow();
    const fitted = isTfjsFitted(obj);
    const artifacts = await saveArtifacts(tf, obj);
    return { bytes: packArtifacts(artifacts, fitted), fitted, meta: describe(obj) };
  },

  async decode(bytes: Buffer): Promise<LayersModel> {
    const { fitted, artifacts } = unpackArtifacts(bytes);
    const tf = await loadTensorFlow();
    let model: LayersModel;
    try {
      model = await tf.loadLayersModel(tf.io.fromMemory(artifacts));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ValidationError(`cannot restore the TF.js model: ${reason}`, { cause: error });
    }
    if (fitted) markTfjsFitted(model);
    return model;
  },

  estimator(model, params) {
    if (!isLayersModel(model)) throw new ValidationError('the tfjs.layers codec drives TF.js LayersModel objects only');
    return tfjsEstimator(model, tfjsFitOptions(params));
  },
};

/** What `getTrainingConfig` (protected in the typings, public at runtime) gives. */
interface TrainingConfigSource {
  getTrainingConfig(): io.TrainingConfig;
}

/**
 * The model's artifacts with its training config and optimizer state, as `includeOptimizer: true`
 * would save them. We add the optimizer part ourselves because TF.js's own leaks the fresh
 * iteration-counter tensor that `optimizer.getWeights()` creates on every save.
 */
async function saveArtifacts(tf: TensorFlow, model: LayersModel): Promise<io.ModelArtifacts> {
  let saved: io.ModelArtifacts | undefined;
  const handler = tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(0), modelTopologyType: 'JSON' } };
  });
  try {
    await model.save(handler);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`cannot save the TF.js model: ${reason}`, { cause: error });
  }
  if (saved === undefined) throw new ValidationError('the TF.js model saved nothing');
  const optimizer = optimizerOf(model);
  if (optimizer === undefined) return saved;

  const weights = await optimizer.getWeights();
  try {
    const state = await tf.io.encodeWeights(weights, 'optimizer');
    return {
      ...saved,
      trainingConfig: (model as unknown as TrainingConfigSource).getTrainingConfig(),
      weightSpecs: [...(saved.weightSpecs ?? []), ...state.specs],
      weightData: [saved.weightData ?? [], state.data].flat(),
    };
  } finally {
    // Variables are the optimizer's own state; other tensors were made for this call.
    tf.dispose(weights.map((weight) => weight.tensor).filter((tensor) => !(tensor instanceof tf.Variable)));
  }
}

function describe(model: LayersModel): Record<string, unknown> {
  const featureCount = lastDimension(model.inputs[0]?.shape);
  const outputUnits = lastDimension(model.outputs[0]?.shape);
  return {
    className: model.getClassName(),
    ...(featureCount === undefined ? {} : { featureCount }),
    ...(outputUnits === undefined ? {} : { outputUnits }),
  };
}
