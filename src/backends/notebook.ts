import { IntegrityError, ValidationError } from '../errors.js';
import { looksLikeNotebook, notebookLanguage, parseNotebook } from '../jobs/notebook.js';
import { NOTEBOOK_KIND } from '../jobs/notebook-kind.js';
import type { BlobBackend } from '../store/backend.js';
import { blobHash } from '../store/blob-meta.js';

/**
 * Jobs: a Jupyter notebook (nbformat 4) of JS/TS cells, checked on put and stored as its JSON. Any
 * object with `cells` or `nbformat` is taken for a notebook, so a malformed one is a ValidationError
 * naming what is wrong rather than a JSON value.
 */
export const notebookBackend: BlobBackend = {
  kind: NOTEBOOK_KIND,
  prefixes: ['jobs/'],
  supports: looksLikeNotebook,

  async put(scope, obj, { name }) {
    const notebook = await parseNotebook(obj, `notebook ${name}`);
    const blob = await scope.engine.blobs.write(Buffer.from(JSON.stringify(notebook, null, 1), 'utf8'));
    const cells = notebook.cells.filter((cell) => cell.cell_type === 'code').length;
    return { blob, meta: { cells, language: notebookLanguage(notebook) } };
  },

  async get(scope, { meta }) {
    const bytes = await scope.engine.blobs.read(blobHash(meta));
    try {
      return await parseNotebook(JSON.parse(bytes.toString('utf8')));
    } catch (error) {
      if (error instanceof SyntaxError || error instanceof ValidationError) {
        throw new IntegrityError(`the stored notebook is malformed: ${error.message}`, { cause: error });
      }
      throw error;
    }
  },
};
