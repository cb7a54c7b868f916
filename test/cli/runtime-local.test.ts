import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { RandomForestClassifier } from 'ml-random-forest';
import { setup } from '../../src/index.js';
import { irisLike } from '../models/mljs/fixtures.js';
import { cliSuite } from './om-cli.js';

const iris = irisLike(60, 2);

describe('om runtime on the local runtime', () => {
  const t = cliSuite('sqlite');

  before(async () => {
    const om = await setup({ home: t.site.home, context: t.site.contextName });
    const rows = iris.X.map(([a, b, c, d], i) => ({ a, b, c, d, species: iris.species[i] }));
    await om.datasets.put(rows, 'iris');
    await om.models.put(new RandomForestClassifier({ nEstimators: 8, seed: 4, noOOB: true }), 'forest');
    await om.close();
  });

  it('fits from dataset names and predicts literal rows and datasets', async () => {
    const fit = await t.site.omc(['runtime', 'model', 'forest', 'fit', 'iris[a,b,c,d]', 'iris[species]']);
    assert.equal(fit.status, 0, fit.stderr);
    const fitted = JSON.parse((await t.site.omc(['--json', 'models', 'metadata', 'forest'])).out);
    assert.equal(fit.out, `forest: version ${fitted.kindMeta.version.slice(0, 12)}, fitted\n`);
    // With --json (after the command, too): the metadata of the new version.
    const fitJson = await t.site.omc(['runtime', 'model', 'forest', 'fit', 'iris[a,b,c,d]', 'iris[species]', '--json']);
    assert.equal(fitJson.status, 0, fitJson.stderr);
    const meta = JSON.parse(fitJson.out) as { name: string; kindMeta: { fitted: boolean; version: string } };
    assert.equal(meta.name, 'forest');
    assert.equal(meta.kindMeta.fitted, true);
    assert.match(meta.kindMeta.version, /^[0-9a-f]{64}$/);
    const literal = await t.site.omc([
      'runtime',
      'model',
      'forest',
      'predict',
      JSON.stringify([iris.X[0], iris.X[59]]),
    ]);
    assert.equal(literal.status, 0, literal.stderr);
    assert.deepEqual(JSON.parse(literal.out), [iris.species[0], iris.species[59]]);
    const stored = await t.site.omc([
      'runtime',
      'model',
      'forest',
      'predict',
      'iris[a,b,c,d]',
      '--result',
      'predictions',
    ]);
    assert.equal(stored.status, 0, stored.stderr);
    assert.match(stored.out, /^name: predictions$/m);
    const score = await t.site.omc(['--json', 'runtime', 'model', 'forest', 'score', '*', '*']);
    assert.ok(Number(score.out) > 0.9, score.out + score.stderr);
  });

  it('ping and status describe this process as the worker', async () => {
    const ping = await t.site.omc(['runtime', '--require', 'gpu', 'ping', '--json']);
    assert.equal(ping.status, 0, ping.stderr);
    const result = JSON.parse(ping.out) as { label: string; worker: string; context: string };
    assert.equal(result.label, 'gpu');
    assert.match(result.worker, /^local@/);
    assert.equal(result.context, t.site.contextName);
    const line = await t.site.omc(['runtime', '--require', 'gpu', 'ping']);
    assert.equal(line.status, 0, line.stderr);
    assert.match(
      line.out,
      new RegExp(
        `^pong from worker local@\\S+ \\(label gpu, context ${t.site.contextName}, bucket default\\) in \\d+ ms\n$`,
      ),
    );
    const status = await t.site.omc(['runtime', 'status']);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.out, /broker local/);
  });

  it('bad input is one error line and exit 1', async () => {
    const cases: [string[], RegExp][] = [
      [['runtime', 'model', 'forest', 'explode', '[[1,2,3,4]]'], /^error: explode is not a model action/],
      [
        ['runtime', 'model', 'forest', 'predict', '[[1,2'],
        /^error: X "\[\[1,2" looks like literal data but is not valid JSON/,
      ],
      [
        ['runtime', 'model', 'forest', 'predict', '[[1,2,3]]'],
        /^error: task \S+ failed: ValidationError: model expects 4 features, got 3/,
      ],
      [
        ['runtime', 'model', 'missing', 'predict', '[[1,2,3,4]]'],
        /^error: models\/missing \(bucket default\) does not exist/,
      ],
      [
        ['runtime', 'model', 'forest', 'fit', 'iris[a]', 'iris[species]', '--param', 'depth'],
        /^error: --param "depth" is not of the form key=value/,
      ],
      [['runtime', '--require', 'bad label', 'ping'], /^error: invalid label "bad label"/],
    ];
    for (const [args, pattern] of cases) {
      const result = await t.site.omc(args);
      assert.equal(result.status, 1, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
      assert.equal(result.stderr.trim().split('\n').length, 1);
    }
  });
});
