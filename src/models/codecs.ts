import { mljsCodecs } from './mljs/index.js';
import type { ModelCodec } from './model-codec.js';
import { onnxCodec } from './onnx/index.js';
import { tfjsCodec } from './tfjs/index.js';

/** The built-in model codecs, in the order the models store tries them (none loads its library until used). */
export const modelCodecs: readonly ModelCodec[] = [...mljsCodecs, onnxCodec, tfjsCodec];
