// The newcomer's tour: from a dataset in dev to predictions in prod, on the embedded default
// (no server). Run with `npm run demo`; OMEGA_HOME (default ~/.omegats) says where data goes.
import { RandomForestClassifier } from 'ml-random-forest';
import { ConditionFailedError, NotFoundError, setup } from 'omegats';

const say = (text: string) => console.log(`\n${text}`);
const short = (version: unknown) => String(version).slice(0, 12);

const dev = await setup({ context: 'dev', create: true });
const prod = await setup({ context: 'prod', create: true });
const started = new Date();
// Start the story afresh on every run.
await dev.datasets.drop('iris', { force: true });
await dev.models.drop('iris-model', { force: true });
await prod.models.drop('iris-model', { force: true });

say(
  `1. Two contexts, two separate databases: "${dev.context}" and "${prod.context}" (embedded SQLite, local runtime).`,
);

// 150 iris-like measurements of three species (deterministic, so every run tells the same story).
const species = ['setosa', 'versicolor', 'virginica'];
const iris = Array.from({ length: 150 }, (_, i) => {
  const s = i % 3;
  const wobble = ((i * 37) % 17) / 17 - 0.5;
  return {
    sepal_length: 5 + s * 0.9 + wobble * 0.6,
    sepal_width: 3.4 - s * 0.3 + wobble * 0.4,
    petal_length: 1.5 + s * 2.1 + wobble * 0.5,
    petal_width: 0.2 + s * 0.8 + wobble * 0.3,
    species: species[s],
  };
});
const table = await dev.datasets.put(iris, 'iris');
say(`2. Put ${table.kindMeta.rows} iris measurements into dev as a typed table. Queries run in the database:`);
const summary = await dev.datasets
  .getl('iris')
  .groupBy('species')
  .agg({ petal_length: ['mean', 'count'] })
  .toArray();
for (const row of summary) {
  console.log(
    `   ${String(row.species).padEnd(10)} mean petal_length ${Number(row.petal_length_mean).toFixed(2)} over ${row.petal_length_count} rows`,
  );
}

await dev.models.put(new RandomForestClassifier({ nEstimators: 25, seed: 42 }), 'iris-model');
say('3. Put an untrained random forest into dev, and try to promote it to prod under the "fitted" condition:');
try {
  await dev.models.promote('iris-model', prod.models, { conditions: ['fitted'] });
} catch (error) {
  if (!(error instanceof ConditionFailedError)) throw error;
  console.log(`   refused, nothing changed in prod: ${error.message}`);
}

const task = dev.runtime
  .model('iris-model')
  .fit('iris[sepal_length,sepal_width,petal_length,petal_width]', 'iris[species]');
const fitted = await task;
say(
  `4. Fitted it on dev's runtime (task ${task.id.slice(0, 8)}): version ${short(fitted.kindMeta.version)}, fitted=${fitted.kindMeta.fitted}.`,
);

const flower = [[6.9, 3.1, 5.4, 2.1]];
try {
  await prod.runtime.model('iris-model').predict(flower);
} catch (error) {
  if (!(error instanceof NotFoundError)) throw error;
  say(`5. Before promotion, prod's runtime does not know the model: ${error.message}`);
}

const plan = await dev.models.promote('iris-model', prod.models, { conditions: ['fitted'], dryRun: true });
say(
  `6. A dry run shows the plan: ${plan.plan.action} ${plan.plan.target.prefix}${plan.plan.target.name} in ${plan.plan.target.context}, ${plan.plan.bytes} bytes, conditions: ${plan.conditions.map((c) => `${c.name} ${c.passed ? 'passed' : 'failed'}`).join(', ')}.`,
);
const promoted = await dev.models.promote('iris-model', prod.models, {
  conditions: ['fitted'],
  message: 'first model for prod',
});
console.log(
  `   promoted: prod now has version ${short(promoted.metadata?.kindMeta.version)} (was ${promoted.record?.previousVersion ?? 'none'}).`,
);

const predicted = await prod.runtime.model('iris-model').predict<string[]>(flower);
say(`7. prod predicts at once: ${JSON.stringify(flower[0])} is ${JSON.stringify(predicted[0])}.`);

say("8. prod's promotion ledger for iris-model (this run):");
for (const record of (await prod.models.promotions('iris-model')).filter((r) => r.at >= started)) {
  const source = record.source ? `${record.source.context}/${record.source.bucket}` : '-';
  console.log(
    `   ${record.at.toISOString()}  ${record.action} from ${source}  version ${short(record.version)}  by ${record.user}: ${record.message ?? ''}`,
  );
}

say(
  'Done. Next: npx om --context prod models promotions · npx om --context dev runtime model iris-model predict "[[5.1,3.5,1.4,0.2]]"',
);
await dev.close();
await prod.close();
