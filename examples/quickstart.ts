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

const scratch = await setup({ context: 'scratch' });
say(
  `4. Contexts are separate environments: "${scratch.context}" sees ${(await scratch.datasets.list()).length} datasets.`,
);
await scratch.close();

say('Done. Try the CLI next: npx om --bucket dev datasets list   ·   npx om contexts');
await om.close();
