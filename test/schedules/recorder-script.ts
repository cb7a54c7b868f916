import type { Omega } from '../../src/omega.js';
import { ScriptPackage } from '../../src/scripts/script-package.js';

/** A script that records each run as a dataset `runs/<due time>_<random>` of its own bucket. */
export const RECORDER = new ScriptPackage(
  'index.mjs',
  new Map([
    [
      'index.mjs',
      Buffer.from(
        "import { randomUUID } from 'node:crypto';\n" +
          'export async function run(om, payload) {\n' +
          "  await om.datasets.put([{ due: payload.scheduled }], 'runs/' + payload.scheduled + '_' + randomUUID());\n" +
          '  return payload.scheduled;\n' +
          '}\n',
      ),
    ],
  ]),
);

/** The due times of the runs the recorder made in `om`'s bucket, sorted. */
export async function runsIn(om: Omega): Promise<string[]> {
  return (await om.datasets.list('runs/*')).map((name) => name.slice('runs/'.length).split('_')[0] ?? '').sort();
}
