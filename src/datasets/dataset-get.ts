import type { GetOptions } from '../store/store-options.js';

/**
 * What `datasets.get` returns: a table as `rows` (the default), `columns` or an Arrow table
 * (`arrow`); a file dataset as a Buffer, or a Readable with `stream`.
 */
export type DatasetShape = 'rows' | 'columns' | 'arrow' | 'stream';

/** A table by column: `{ region: [...], amount: [...] }`. */
export type Columns = Record<string, unknown[]>;

export interface DatasetGetOptions extends GetOptions {
  as?: DatasetShape;
}
