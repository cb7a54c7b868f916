// `om models promote … --with datasets`, `om lineage` (text and --json) and the REST promote
// route's `with`, run as a user runs them: in-process, through the CLI's program and inject().
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Omega } from '../../src/index.js';
import { createServer } from '../../src/server/index.js';
import { errorLines, type OmResult, omInProcess } from '../cli/om-cli.js';
import {
  type ContextPair,
  CROSS_PAIRS,
  IRIS_ROWS,
  openPair,
  PAIRS,
  pairName,
  untrainedTree,
} from '../promotion/pairs.js';
import { expectProblem } from '../server/helpers.js';

const PAIR = CROSS_PAIRS[0] ?? PAIRS[0] ?? { source: 'sqlite', target: 'sqlite' };

function ok(result: OmResult): string {
  assert.equal(result.status, 0, `exit ${result.status}\n${result.stderr}`);
  return result.out;
}

describe(`om lineage, promote --with datasets, REST with (${pairName(PAIR)})`, () => {
  let ctx: ContextPair;
  let dev: Omega;
  const om = (...args: string[]) => omInProcess(ctx.home, args);

  before(async () => {
    ctx = await openPair(PAIR);
    dev = ctx.dev;
    await dev.datasets.put(IRIS_ROWS, 'iris');
    await dev.models.put(untrainedTree(), 'iris');
    await dev.runtime.model('iris').fit('iris[sl,sw,pl,pw]', 'iris[species]');
  });
  after(async () => {
    await ctx?.close();
  });

  it('promote --with datasets shows the whole bundle in a dry run, then promotes it', async () => {
    const dry = ok(await om('models', 'promote', 'iris', '--to-context', 'prod', '--with', 'datasets', '--dry-run'));
    assert.match(dry, /^would promote a bundle of 2 objects:/);
    assert.match(
      dry,
      /would promote models\/iris \(context dev, bucket default\) version \w{12} -> models\/iris \(context prod/,
    );
    assert.match(dry, /would promote data\/iris \(context dev, bucket default\) -> data\/iris \(context prod/);
    assert.match(dry, /condition fitted: passed/);
    assert.match(dry, /condition nonEmpty: passed/);
    assert.equal(await ctx.prod.models.exists('iris'), false);

    const json = JSON.parse(
      ok(await om('--json', 'models', 'promote', 'iris', '--to-context', 'prod', '--with', 'datasets')),
    );
    assert.deepEqual(
      json.members.map((m: { role: string; record: { bundle: string } }) => [m.role, m.record.bundle]),
      [
        ['model', json.bundle],
        ['dataset', json.bundle],
      ],
    );
    const ledger = ok(await om('--context', 'prod', 'datasets', 'promotions', 'iris'));
    assert.match(ledger, new RegExp(`bundle ${json.bundle}`));

    const wrong = await om('datasets', 'promote', 'iris', '--to-bucket', 'b', '--with', 'datasets');
    assert.equal(wrong.status, 1);
    assert.match(errorLines(wrong)[0] ?? '', /^error: with: "datasets" is for models/);
  });

  it('om lineage prints versions, training data and the promotion, followed into dev; --json gives the API result', async () => {
    await dev.datasets.put(IRIS_ROWS.slice(0, 3), 'iris'); // dev's data moves on after the promotion
    const text = ok(await om('--context', 'prod', 'lineage', 'models/iris'));
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], 'models/iris (context prod, bucket default)');
    assert.match(text, /^ {2}version \w{12} {2}\S+ {2}\[latest\]$/m);
    assert.match(text, /^ {4}X iris\[sl,sw,pl,pw\] \(context prod, bucket default\): revision 1, now 1: unchanged$/m);
    assert.match(
      text,
      /^ {2}promoted \S+ by \S+ from dev\/default\/models\/iris version \w{12} \(bundle [0-9a-f-]{36}\), with data\/iris$/m,
    );
    assert.match(text, /^ {4}models\/iris \(context dev, bucket default\)$/m);
    assert.match(
      text,
      /^ {8}X iris\[sl,sw,pl,pw\] \(context dev, bucket default\): revision 1, now 2: CHANGED since the fit$/m,
    );
    assert.match(text, /^ {6}version \w{12} {2}\S+$/m, 'the untrained first version in dev');
    assert.match(text, /not trained by a recorded fit/);

    const json = JSON.parse(ok(await om('--json', '--context', 'prod', 'lineage', 'datasets/iris')));
    assert.deepEqual(json.object, { context: 'prod', bucket: 'default', prefix: 'data/', name: 'iris' });
    assert.equal(json.promotions[0].source.object.context, 'dev');

    const missing = await om('lineage', 'models/none');
    assert.equal(missing.status, 1);
    assert.match(errorLines(missing)[0] ?? '', /^error: models\/none \(bucket default\) does not exist/);
  });

  it('the REST promote route takes with: datasets; a bad value is a 400', async () => {
    const app = await createServer({ auth: false, contexts: [dev] });
    try {
      const call = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/promote/models/iris', payload });
      const promoted = await call({ toBucket: 'staging', with: 'datasets' });
      assert.equal(promoted.statusCode, 200, promoted.body);
      const body = promoted.json();
      assert.equal(body.members.length, 2);
      assert.equal(body.record.bundle, body.bundle);
      assert.equal(body.members[1].plan.target.bucket, 'staging');
      assert.equal(await dev.bucket('staging').datasets.exists('iris'), true);
      expectProblem(await call({ toBucket: 'staging', with: 'everything' }), 400);
      const notModel = await app.inject({
        method: 'POST',
        url: '/api/v1/promote/datasets/iris',
        payload: { toBucket: 'staging', with: 'datasets' },
      });
      assert.match(expectProblem(notModel, 400).detail, /is for models/);
    } finally {
      await app.close();
    }
  });
});
