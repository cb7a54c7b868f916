import { Worker } from 'node:worker_threads';
import { ValidationError } from '../errors.js';

/** How long one `list()` may spend matching its regexp against the names, in milliseconds. */
export const REGEXP_TIME_LIMIT_MS = 1000;

// JavaScript regexps backtrack: `(a+)+b` or `.*a.*a.*b` can take minutes on one 255-character
// name, and a match cannot be interrupted on the thread that runs it. So the names are matched
// in a worker thread that is terminated when the time limit is reached.
const MATCHER = `
const { parentPort, workerData } = require('node:worker_threads');
const regexp = new RegExp(workerData.source, workerData.flags);
parentPort.postMessage(workerData.names.map((name) => regexp.test(name)));
`;

/** The names that `regexp` finds a match in; a ValidationError when matching takes too long. */
export async function namesMatching<T>(regexp: RegExp, items: readonly T[], nameOf: (item: T) => string): Promise<T[]> {
  if (items.length === 0) return [];
  const names = items.map(nameOf);
  const matched = await new Promise<boolean[]>((resolve, reject) => {
    const worker = new Worker(MATCHER, {
      eval: true,
      workerData: { source: regexp.source, flags: regexp.flags, names },
    });
    let timer: NodeJS.Timeout | undefined;
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      void worker.terminate();
      settle();
    };
    worker.once('online', () => {
      timer = setTimeout(() => finish(() => reject(tooSlow(regexp, names.length))), REGEXP_TIME_LIMIT_MS);
    });
    worker.once('message', (result: boolean[]) => finish(() => resolve(result)));
    worker.once('error', (error) => finish(() => reject(error)));
  });
  return items.filter((_, index) => matched[index]);
}

function tooSlow(regexp: RegExp, count: number): ValidationError {
  return new ValidationError(
    `list regexp ${JSON.stringify(regexp.source)} took longer than ${REGEXP_TIME_LIMIT_MS} ms over ${count} names ` +
      '(it backtracks: avoid nested or repeated quantifiers such as (a+)+ or .*a.*a.*b)',
  );
}
