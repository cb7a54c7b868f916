import { backends } from '../backends/builtin.js';
import type { StoreScope } from '../store/backend.js';
import { parseName } from '../store/names.js';
import { Store } from '../store/store.js';
import { TableQuery } from './table-query.js';

/** `om.datasets`: a Store with lazy queries over table datasets. */
export class DatasetStore extends Store {
  constructor(scope: Omit<StoreScope, 'prefix'>) {
    super(scope, 'data/', backends);
  }

  /**
   * A lazy query over the table dataset `name` (`name[a,b]` selects columns). Returned at once;
   * the dataset is looked up when the query runs (NotFoundError if it does not exist then).
   */
  getl(name: string): TableQuery {
    const parsed = parseName(name, { projection: true, version: false });
    const source = {
      ...this.scope,
      name: parsed.name,
      label: `${this.prefix}${parsed.name} (bucket ${this.scope.bucket})`,
    };
    const query = new TableQuery(source);
    return parsed.columns ? query.select(parsed.columns) : query;
  }
}
