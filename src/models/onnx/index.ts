export { onnxCodec, onnxFromBytes } from './onnx-codec.js';
export { onnxEstimator } from './onnx-estimator.js';
export { OnnxModel, type OnnxValueInfo } from './onnx-model.js';
