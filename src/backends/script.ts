import { ValidationError } from '../errors.js';
import { decodeScript, encodeScript } from '../scripts/script-codec.js';
import { ScriptPackage } from '../scripts/script-package.js';
import { type BlobBackend, typeName } from '../store/backend.js';
import { blobHash } from '../store/blob-meta.js';

/** Scripts: a ScriptPackage as one content-addressed blob, whose sha256 names the version. */
export const scriptBackend: BlobBackend = {
  kind: 'script.module',
  prefixes: ['scripts/'],
  supports: (obj) => obj instanceof ScriptPackage,

  async put(scope, obj) {
    if (!(obj instanceof ScriptPackage)) throw new ValidationError(`a ${typeName(obj)} is not a ScriptPackage`);
    const blob = await scope.engine.blobs.write(encodeScript(obj));
    return { blob, meta: { entry: obj.entry, files: obj.files.size } };
  },

  async get(scope, { meta }) {
    return decodeScript(await scope.engine.blobs.read(blobHash(meta)));
  },
};
