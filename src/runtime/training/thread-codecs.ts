import { mljsCodecs } from '../../models/mljs/index.js';
import type { ModelCodec } from '../../models/model-codec.js';
import { tfjsCodec } from '../../models/tfjs/index.js';

/**
 * The codecs whose models train in a training thread: the built-in ones that can train. A
 * thread loads only what it imports itself, so a codec registered in-process (`setup({ backends })`)
 * cannot be used there, and ONNX models are inference-only (their fit fails at once).
 */
const THREAD_CODECS: ReadonlyMap<string, ModelCodec> = new Map(
  [...mljsCodecs, tfjsCodec].map((codec) => [codec.kind, codec]),
);

/** The thread's codec for `kind`, when models of that kind are driven by exactly that built-in codec. */
export function threadCodec(kind: string): ModelCodec | undefined {
  return THREAD_CODECS.get(kind);
}

/** Whether models driven by `codec` train in a thread (it is the built-in codec of its kind). */
export function trainsInThread(codec: ModelCodec): boolean {
  return THREAD_CODECS.get(codec.kind) === codec;
}
