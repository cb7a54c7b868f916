// The newcomer's tour: contexts, buckets and the store, on the embedded default (no server).
// Run with `npm run demo`; OMEGA_HOME (default ~/.omegats) says where the data goes.
import { NotFoundError, setup } from 'omegats';

const say = (text: string) => console.log(`\n${text}`);

const om = await setup();
say(`1. setup() opened context "${om.context}" (${om.spec.store.engine}, ${om.spec.broker ?? 'local runtime'}).`);

const dev = om.bucket('dev');
const prod = om.bucket('prod');
await prod.datasets.drop('iris/config', { force: true }); // start the story afresh on every run
await dev.datasets.put({ threshold: 0.7, features: ['sl', 'sw', 'pl', 'pw'] }, 'iris/config', {
  attributes: { owner: 'newcomer' },
});
await dev.datasets.put(Buffer.from('sepal_length,sepal_width\n5.1,3.5\n'), 'iris/raw.csv');
say('2. Put a JSON config and a file into bucket "dev":');
for (const meta of await dev.datasets.list(undefined, { raw: true })) {
  console.log(`   ${meta.prefix}${meta.name}  kind=${meta.kind}  attributes=${JSON.stringify(meta.attributes)}`);
}

say('3. Buckets are separate namespaces in one context:');
try {
  await prod.datasets.get('iris/config');
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  console.log(`   prod does not see it: ${error.message}`);
}
await prod.datasets.put({ threshold: 0.9 }, 'iris/config');
console.log(`   prod has its own iris/config: ${JSON.stringify(await prod.datasets.get('iris/config'))}`);
console.log(`   dev still has:                ${JSON.stringify(await dev.datasets.get('iris/config'))}`);
console.log(`   buckets in "${om.context}": ${(await om.buckets()).join(', ')}`);

const iris = [
  { species: 'setosa', sepal_length: 5.1, petal_length: 1.4 },
  { species: 'setosa', sepal_length: 4.9, petal_length: 1.4 },
  { species: 'versicolor', sepal_length: 7.0, petal_length: 4.7 },
  { species: 'virginica', sepal_length: 6.3, petal_length: 6.0 },
  { species: 'virginica', sepal_length: 5.8, petal_length: 5.1 },
];
const table = await dev.datasets.put(iris, 'iris/measurements', { append: false });
say(
  `4. Rows become a typed table (${(table.kindMeta.columns as { name: string; type: string }[]).map((c) => `${c.name}:${c.type}`).join(', ')}); queries run in the database:`,
);
const long = await dev.datasets
  .getl('iris/measurements')
  .where({ petal_length__gte: 4.7 })
  .sort('-sepal_length')
  .toArray();
console.log(
  `   petal_length >= 4.7, longest sepal first: ${long.map((r) => `${r.species} ${r.sepal_length}`).join(', ')}`,
);
const bySpecies = await dev.datasets
  .getl('iris/measurements')
  .groupBy('species')
  .agg({ sepal_length: ['mean', 'count'] })
  .toArray();
for (const row of bySpecies) {
  console.log(
    `   ${String(row.species).padEnd(10)} mean sepal_length ${Number(row.sepal_length_mean).toFixed(2)} over ${row.sepal_length_count} rows`,
  );
}

const scratch = await setup({ context: 'scratch' });
say(
  `5. Contexts are separate environments: "${scratch.context}" sees ${(await scratch.datasets.list()).length} datasets.`,
);
await scratch.close();

say('Done. Try the CLI next: npx om --bucket dev datasets get iris/measurements -   ·   npx om contexts');
await om.close();
