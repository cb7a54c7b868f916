import { backends } from '../backends/builtin.js';
import { NotFoundError } from '../errors.js';
import type { StoreScope } from '../store/backend.js';
import type { Metadata } from '../store/metadata.js';
import { parseName } from '../store/names.js';
import { type PutOptions, Store } from '../store/store.js';
import { type RevisionInfo, revisionInfo } from '../store/versions.js';
import { modelCodecs } from './codecs.js';

/** `om.models`: a Store whose every put is an immutable, content-named version. */
export class ModelStore extends Store {
  constructor(scope: Omit<StoreScope, 'prefix'>) {
    super(scope, 'models/', backends);
  }

  /** Raw bytes with a forced kind (e.g. an .onnx file with `kind: 'onnx'`) become that kind's model object. */
  override async put(obj: unknown, name: string, options: PutOptions = {}): Promise<Metadata> {
    const codec = options.kind === undefined ? undefined : modelCodecs.find((c) => c.kind === options.kind);
    const bytes = obj instanceof Uint8Array;
    const model = codec?.fromBytes && bytes && !codec.supports(obj) ? await codec.fromBytes(obj) : obj;
    return super.put(model, name, options);
  }

  /** The versions of `name`, oldest first, with their tags. */
  async revisions(name: string): Promise<RevisionInfo[]> {
    const { name: base } = parseName(name, { projection: false, version: true });
    const meta = await this.metadata(base);
    if (!meta)
      throw new NotFoundError(
        `${this.prefix}${base} (bucket ${this.bucket}) does not exist in context ${this.context}`,
      );
    return revisionInfo(meta);
  }
}
