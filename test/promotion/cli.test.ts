// `om <store> promote`, `om <store> promotions` and `om models rollback` (API.md §8), run as a
// user runs them (in-process, through the CLI's program), a config defining contexts dev (the default) and prod.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Omega, PromotionRecord, PromotionResult } from '../../src/index.js';
import { errorLines, type OmResult, omInProcess } from '../cli/om-cli.js';
import {
  type ContextPair,
  CROSS_PAIRS,
  openPair,
  PAIRS,
  pairName,
  trainedTree,
  untrainedTree,
  versionOf,
} from './pairs.js';

/** One pair is enough for the commands: dev on SQLite, prod on PostgreSQL when it is there. */
const PAIR = CROSS_PAIRS[0] ?? PAIRS[0] ?? { source: 'sqlite', target: 'sqlite' };

function ok(result: OmResult): string {
  assert.equal(result.status, 0, `exit ${result.status}\n${result.stderr}`);
  return result.out;
}

function failed(result: OmResult, pattern: RegExp): void {
  assert.equal(result.status, 1, `exit ${result.status}\nstdout: ${result.out}\nstderr: ${result.stderr}`);
  const lines = errorLines(result);
  assert.equal(lines.length, 1, `one error line: ${result.stderr}`);
  assert.match(lines[0] ?? '', /^error: /);
  assert.match(lines[0] ?? '', pattern);
}

describe(`om promote, promotions, rollback (${pairName(PAIR)})`, () => {
  let ctx: ContextPair;
  let dev: Omega;
  let prod: Omega;
  let v1: string;
  let v2: string;
  const om = (...args: string[]) => omInProcess(ctx.home, args);

  before(async () => {
    ctx = await openPair(PAIR, { prodConditions: { models: ['fitted'] } });
    ({ dev, prod } = ctx);
    await dev.models.put(untrainedTree(), 'raw');
    v1 = versionOf(await dev.models.put(trainedTree(30), 'm'));
    v2 = versionOf(await dev.models.put(trainedTree(60), 'm'));
    await dev.datasets.put([{ region: 'EU', amount: 1.5 }], 't');
  });
  after(async () => {
    await ctx?.close();
  });

  it('--condition fitted refuses an untrained model: exit 1, one error line, nothing written', async () => {
    failed(
      await om('--context', 'dev', 'models', 'promote', 'raw', '--to-bucket', 'staging', '--condition', 'fitted'),
      /fitted/,
    );
    failed(await om('--context', 'dev', 'models', 'promote', 'm'), /--to-bucket|--to-context|--as/);
    assert.deepEqual(await dev.buckets(), ['default']);
  });

  it('--dry-run prints the plan; exits 1 when a condition fails; writes nothing', async () => {
    const refused = await om('--context', 'dev', 'models', 'promote', 'raw', '--to-context', 'prod', '--dry-run');
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(
      refused.out,
      /would promote models\/raw \(context dev, bucket default\).* -> models\/raw \(context prod/,
    );
    assert.match(refused.out, /create \(mljs\.decision-tree-classifier, \d+ bytes; copy: stream\)/);
    assert.match(refused.out, /condition fitted: FAILED \(.*not trained.*\)/);

    const json = await om('--json', '--context', 'dev', 'models', 'promote', 'm', '--to-context', 'prod', '--dry-run');
    const plan = JSON.parse(ok(json)) as PromotionResult;
    assert.equal(plan.dryRun, true);
    assert.equal(plan.metadata, null);
    assert.deepEqual(plan.conditions, [{ name: 'fitted', passed: true }]);
    assert.deepEqual([plan.plan.action, plan.plan.copy, plan.plan.source.version], ['create', 'stream', v2]);
    assert.equal(await prod.models.exists('m'), false);
    assert.equal(await prod.models.exists('raw'), false);
    assert.deepEqual(await prod.models.promotions(), []);
  });

  it('--to-context promotes into prod, adding versions; promotions lists the ledger', async () => {
    const first = ok(await om('--context', 'dev', 'models', 'promote', 'm^', '--to-context', 'prod'));
    assert.match(
      first,
      /^promoted models\/m \(context dev, bucket default\) version \w{12} -> models\/m \(context prod/,
    );
    assert.match(first, /condition fitted: passed/);
    ok(await om('--context', 'dev', 'models', 'promote', 'm', '--to-context', 'prod', '--message', 'go live'));
    assert.deepEqual(
      (await prod.models.revisions('m')).map((r) => r.version),
      [v1, v2],
    );

    const records = JSON.parse(
      ok(await om('--json', '--context', 'prod', 'models', 'promotions', 'm')),
    ) as PromotionRecord[];
    assert.deepEqual(
      records.map((r) => [r.action, r.version, r.previousVersion, r.source?.context, r.message]),
      [
        ['promote', v1, null, 'dev', undefined],
        ['promote', v2, v1, 'dev', 'go live'],
      ],
    );
    const text = ok(await om('--context', 'prod', 'models', 'promotions'))
      .trim()
      .split('\n');
    assert.equal(text.length, 2, text.join('\n'));
    assert.match(text[1] ?? '', /promote +m +from dev\/default\/m +version \w{12} \(was \w{12}\).*go live/);
  });

  it('rollback makes the previous version latest, or the one --to names', async () => {
    const back = ok(await om('--context', 'prod', 'models', 'rollback', 'm'));
    assert.match(back, new RegExp(`latest is ${v1.slice(0, 12)} again \\(was ${v2.slice(0, 12)}\\)`));
    assert.equal(versionOf(await prod.models.metadata('m')), v1);
    ok(await om('--context', 'prod', 'models', 'rollback', 'm', '--to', v2.slice(0, 8)));
    assert.equal(versionOf(await prod.models.metadata('m')), v2);
    assert.deepEqual(
      (await prod.models.promotions('m')).map((r) => r.action),
      ['promote', 'promote', 'rollback', 'rollback'],
    );
  });

  it('--to-bucket and --as promote inside a context; datasets too', async () => {
    ok(await om('--context', 'dev', 'models', 'promote', 'm', '--to-bucket', 'staging'));
    assert.equal(versionOf(await dev.bucket('staging').models.metadata('m')), v2);
    ok(await om('--context', 'dev', 'models', 'promote', 'm^', '--as', 'm-previous'));
    assert.equal(versionOf(await dev.models.metadata('m-previous')), v1);

    const out = ok(await om('datasets', 'promote', 't', '--to-bucket', 'prod'));
    assert.match(out, /promoted data\/t \(context dev, bucket default\) -> data\/t \(context dev, bucket prod\)/);
    assert.match(out, /create \(table, 1 row; copy: sql\)/);
    assert.deepEqual(await dev.bucket('prod').datasets.get('t'), [{ region: 'EU', amount: 1.5 }]);
    assert.equal((await dev.bucket('prod').datasets.promotions('t')).length, 1);
  });
});
