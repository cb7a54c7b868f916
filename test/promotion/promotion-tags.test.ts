// A promoted version keeps its tags in the target (so rollback --to <tag> works there), and
// promoting the version the target already has adds none: result, ledger and CLI say unchanged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { omInProcess } from '../cli/om-cli.js';
import { PAIRS, pairName, pairSuite, trainedTree, versionOf } from './pairs.js';

for (const pair of PAIRS) {
  describe(`promotion keeps tags; unchanged promotions (${pairName(pair)})`, () => {
    const t = pairSuite(pair);

    it('promoting m@v1 then m carries v1 and v2 into the target; rollback --to v1 works there', async () => {
      const { dev, prod, home } = t.ctx;
      const v1 = versionOf(await dev.models.put(trainedTree(30), 'iris', { tag: 'v1' }));
      const v2 = versionOf(await dev.models.put(trainedTree(60), 'iris', { tag: 'v2' }));
      await dev.models.tag('iris@v1', 'reviewed');
      await dev.models.promote('iris@v1', prod.models);
      await dev.models.promote('iris', prod.models);
      assert.deepEqual(
        (await prod.models.revisions('iris')).map((r) => [r.version, r.tags]),
        [
          [v1, ['v1', 'reviewed']],
          [v2, ['latest', 'v2']],
        ],
      );
      const rolled = await omInProcess(home, ['--context', 'prod', 'models', 'rollback', 'iris', '--to', 'v1']);
      assert.equal(rolled.status, 0, rolled.stderr);
      assert.match(rolled.out, new RegExp(`latest is ${v1.slice(0, 12)} again \\(was ${v2.slice(0, 12)}\\)`));
      assert.equal(versionOf(await prod.models.metadata('iris')), v1);

      // A tag moved in the source moves in the target with the next promotion of that version.
      await dev.models.tag('iris@v2', 'v1');
      await dev.models.promote('iris', prod.models);
      assert.equal(versionOf(await prod.models.metadata('iris@v1')), v2);
    });

    it('promoting the version the target already has: unchanged, no version, an honest ledger record', async () => {
      const { dev, prod, home } = t.ctx;
      const version = versionOf(await dev.models.put(trainedTree(45), 'same', { tag: 'v7' }));
      const first = await dev.models.promote('same', prod.models);
      assert.equal(first.unchanged, false);
      assert.equal(first.record?.unchanged, undefined);
      const dry = await dev.models.promote('same', prod.models, { dryRun: true });
      assert.equal(dry.unchanged, true);
      const again = await dev.models.promote('same', prod.models, { message: 'again' });
      assert.equal(again.unchanged, true);
      assert.deepEqual(
        [again.record?.action, again.record?.version, again.record?.previousVersion, again.record?.unchanged],
        ['promote', version, version, true],
      );
      assert.equal((await prod.models.revisions('same')).length, 1, 'no version added');
      const ledger = await prod.models.promotions('same');
      assert.deepEqual(
        ledger.map((r) => r.unchanged === true),
        [false, true],
      );

      const cli = await omInProcess(home, ['--context', 'dev', 'models', 'promote', 'same', '--to-context', 'prod']);
      assert.equal(cli.status, 0, cli.stderr);
      assert.match(
        cli.out,
        new RegExp(`^unchanged: prod already has version ${version.slice(0, 12)} of models/same \\(bucket default\\)`),
      );
      const listed = await omInProcess(home, ['--context', 'prod', 'models', 'promotions', 'same']);
      assert.match(listed.out, new RegExp(`version ${version.slice(0, 12)} \\(unchanged\\)`));
      assert.equal((await prod.models.revisions('same')).length, 1);

      // drop: true starts the history anew: a change even with the same content.
      const dropped = await dev.models.promote('same', prod.models, { drop: true });
      assert.equal(dropped.unchanged, false);
      assert.equal(dropped.record?.unchanged, undefined);
      // Another version in the target: promoting the source's again adds it back.
      await prod.models.put(trainedTree(20), 'same');
      assert.equal((await dev.models.promote('same', prod.models)).unchanged, false);
      assert.equal((await prod.models.revisions('same')).length, 3);
    });
  });
}
