import type { ModelCodec } from './model-codec.js';

/** The built-in model codecs, in the order the models store tries them. */
export const modelCodecs: readonly ModelCodec[] = [];
