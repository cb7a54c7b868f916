import { readFile } from 'node:fs/promises';
import type { InferenceSession } from 'onnxruntime-node';
import { ValidationError } from '../../errors.js';
import { assertReadableFile, cannot } from '../../util/readable-file.js';
import { loadOptional } from '../load-optional.js';

export type OnnxRuntime = typeof import('onnxruntime-node');

/** onnxruntime-node, imported on first use. */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  return loadOptional<OnnxRuntime>('onnxruntime-node');
}

/** One graph input or output as the session reports it; `type` is absent for non-tensor values. */
export interface OnnxValueInfo {
  readonly name: string;
  readonly type?: string;
  /** Dimensions: numbers, or names of symbolic ones such as a batch `N`. */
  readonly shape: readonly (number | string)[];
}

/**
 * An ONNX model: its bytes, what its graph takes and returns, and an InferenceSession created on
 * demand. Instances come from `fromBytes`/`fromFile`, which load the model once to validate it.
 */
export class OnnxModel {
  readonly bytes: Uint8Array;
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  #session: Promise<InferenceSession> | undefined;

  private constructor(bytes: Uint8Array, session: InferenceSession) {
    this.bytes = bytes;
    this.inputs = session.inputMetadata.map(valueInfo);
    this.outputs = session.outputMetadata.map(valueInfo);
    this.#session = Promise.resolve(session);
  }

  /** Loads a model from its bytes (copied); bytes that are not a loadable ONNX model are a ValidationError. */
  static async fromBytes(bytes: Uint8Array): Promise<OnnxModel> {
    if (!(bytes instanceof Uint8Array)) throw new ValidationError('ONNX model bytes must be a Buffer or Uint8Array');
    if (bytes.length === 0) throw new ValidationError('ONNX model bytes are empty');
    const copy = new Uint8Array(bytes);
    return new OnnxModel(copy, await createSession(copy));
  }

  /** Loads a `.onnx` file. */
  static async fromFile(path: string): Promise<OnnxModel> {
    await assertReadableFile(path);
    const bytes = await readFile(path).catch((error: unknown) => {
      throw cannot('read', path, error);
    });
    return OnnxModel.fromBytes(bytes);
  }

  /** The last dimension of the first input when it is static (the feature count of tabular models). */
  get featureCount(): number | undefined {
    const last = this.inputs[0]?.shape.at(-1);
    return typeof last === 'number' && last >= 0 ? last : undefined;
  }

  /** The session, created again after `release()`. */
  session(): Promise<InferenceSession> {
    if (this.#session === undefined) {
      const creating = createSession(this.bytes);
      creating.catch(() => {
        if (this.#session === creating) this.#session = undefined;
      });
      this.#session = creating;
    }
    return this.#session;
  }

  /** Frees the native session; the next prediction creates a new one. */
  async release(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (session !== undefined) await (await session).release();
  }
}

async function createSession(bytes: Uint8Array): Promise<InferenceSession> {
  const ort = await loadOnnxRuntime();
  try {
    return await ort.InferenceSession.create(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`not a loadable ONNX model: ${reason}`, { cause: error });
  }
}

function valueInfo(meta: InferenceSession.ValueMetadata): OnnxValueInfo {
  if (!meta.isTensor) return { name: meta.name, shape: [] };
  return { name: meta.name, type: meta.type, shape: [...meta.shape] };
}
