import { ValidationError } from '../errors.js';
import type { StorePrefix } from '../store/backend.js';

const STORE_OF_WORD: Readonly<Record<string, StorePrefix>> = {
  datasets: 'data/',
  data: 'data/',
  models: 'models/',
  scripts: 'scripts/',
  jobs: 'jobs/',
};

/**
 * `models/iris@v2`, `datasets/sales*`: the store a selector names (`datasets` or `data`, `models`,
 * `scripts`, `jobs`) and the name or pattern within it.
 */
export function parseSelector(selector: string): { prefix: StorePrefix; pattern: string } {
  const slash = selector.indexOf('/');
  const prefix = slash > 0 ? STORE_OF_WORD[selector.slice(0, slash)] : undefined;
  const pattern = selector.slice(slash + 1);
  if (prefix === undefined || pattern === '') {
    throw new ValidationError(
      `${JSON.stringify(selector)} names no object: write <store>/<name or pattern>, the store one of datasets, models, scripts, jobs`,
    );
  }
  return { prefix, pattern };
}
