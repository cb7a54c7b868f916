import { DecisionTreeClassifier } from '../../src/models/mljs/lib.js';
import type { Omega } from '../../src/omega.js';
import { ScriptPackage } from '../../src/scripts/script-package.js';
import { irisLike } from '../models/mljs/fixtures.js';

export const iris = irisLike(30, 3);
/** The iris rows as a table: features sl, sw, pl, pw and the species. */
export const irisRows = iris.X.map(([sl, sw, pl, pw], i) => ({ sl, sw, pl, pw, species: iris.species[i] }));

/** A script whose run(om, payload) echoes its payload with the context and bucket it ran in. */
export const echoScript = new ScriptPackage(
  'index.mjs',
  new Map([
    [
      'index.mjs',
      Buffer.from(
        'export function run(om, payload) { if (payload?.fail) throw new Error("asked to fail"); return { payload, context: om.context, bucket: om.bucketName }; }\n',
      ),
    ],
  ]),
);

/**
 * Stores the dataset `iris`, a fitted tree `tree` (tagged `v1`), the same under `group/tree`, an
 * untrained `untrained`, and the script `echo`, all in the default bucket of `om`.
 */
export async function prepareModels(om: Omega): Promise<void> {
  await om.datasets.put(irisRows, 'iris');
  await om.models.put(new DecisionTreeClassifier(), 'tree');
  await om.runtime.model('tree').fit('iris[sl,sw,pl,pw]', 'iris[species]');
  await om.models.put(await om.models.get('tree'), 'tree', { tag: 'v1' });
  await om.models.put(await om.models.get('tree'), 'group/tree');
  await om.models.put(new DecisionTreeClassifier(), 'untrained');
  await om.scripts.put(echoScript, 'echo');
}
