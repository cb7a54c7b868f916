import type { Backend, BlobBackend } from '../store/backend.js';
import { blobHash } from '../store/blob-meta.js';
import type { EncodedModel, ModelCodec } from './model-codec.js';
import { checkedTrainingRecord } from './training-record.js';

/** A models-store backend that carries its codec, through which the runtime drives its models. */
export interface ModelBackend extends BlobBackend {
  readonly codec: ModelCodec;
}

/**
 * A model that its kind's codec has already encoded (what a training thread returns): the
 * backend of that kind stores these bytes as they are instead of encoding the model again.
 */
export class PreEncodedModel {
  constructor(
    readonly kind: string,
    readonly encoded: EncodedModel,
  ) {}
}

/**
 * A models-store backend for one codec: the model's bytes are a content-addressed blob (their
 * sha256 names the version), read back verified and decoded into the library's own object.
 * `registerBackend(codec.kind, modelBackend(codec))` adds a model kind that the runtime can run.
 */
export function modelBackend(codec: ModelCodec): ModelBackend {
  return {
    kind: codec.kind,
    prefixes: ['models/'],
    codec,
    supports: (obj) => (obj instanceof PreEncodedModel ? obj.kind === codec.kind : codec.supports(obj)),

    async put(scope, obj, { options }) {
      const trainedOn = checkedTrainingRecord(options.trainedOn);
      const encoded = obj instanceof PreEncodedModel ? obj.encoded : await codec.encode(obj);
      const blob = await scope.engine.blobs.write(encoded.bytes);
      return { blob, meta: { ...encoded.meta, fitted: encoded.fitted, ...(trainedOn ? { trainedOn } : {}) } };
    },

    async get(scope, { meta }) {
      const bytes = await scope.engine.blobs.read(blobHash(meta));
      return codec.decode(bytes, meta.kindMeta);
    },
  };
}

export function isModelBackend(backend: Backend | undefined): backend is ModelBackend {
  return backend !== undefined && 'codec' in backend && typeof backend.codec === 'object' && backend.codec !== null;
}
