export { tfjsCodec } from './tfjs-codec.js';
export { type TfjsFitOptions, tfjsEstimator } from './tfjs-estimator.js';
