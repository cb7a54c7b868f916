import { ValidationError } from '../../errors.js';
import { type EncodedModel, type ModelCodec, noParams } from '../model-codec.js';
import { onnxEstimator } from './onnx-estimator.js';
import { OnnxModel } from './onnx-model.js';

/**
 * Raw `.onnx` bytes a user puts with `{ kind: 'onnx' }`, loaded (and so validated) as an
 * OnnxModel; also `onnxCodec.fromBytes`, which the store calls before `encode`. `supports`
 * itself accepts only OnnxModel, so stray byte arrays are never taken for ONNX models.
 */
export function onnxFromBytes(bytes: unknown): Promise<OnnxModel> {
  if (!(bytes instanceof Uint8Array)) {
    return Promise.reject(new ValidationError('an ONNX model must be given as an OnnxModel, a Buffer or a Uint8Array'));
  }
  return OnnxModel.fromBytes(bytes);
}

/** ONNX models, stored as their own bytes. They are inference-only, hence always fitted. */
export const onnxCodec: ModelCodec = {
  kind: 'onnx',

  supports(obj: unknown): boolean {
    return obj instanceof OnnxModel;
  },

  async encode(obj: unknown): Promise<EncodedModel> {
    if (!(obj instanceof OnnxModel)) throw new ValidationError('the onnx codec encodes OnnxModel objects only');
    const featureCount = obj.featureCount;
    return {
      bytes: obj.bytes,
      fitted: true,
      meta: {
        inputNames: obj.inputs.map((input) => input.name),
        outputNames: obj.outputs.map((output) => output.name),
        ...(featureCount === undefined ? {} : { featureCount }),
      },
    };
  },

  decode(bytes: Buffer): Promise<OnnxModel> {
    return OnnxModel.fromBytes(bytes);
  },

  fromBytes: onnxFromBytes,

  estimator(model, params) {
    noParams('onnx', params);
    if (!(model instanceof OnnxModel)) throw new ValidationError('the onnx codec drives OnnxModel objects only');
    return onnxEstimator(model);
  },
};
