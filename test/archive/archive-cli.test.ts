// `om runtime export`, `om runtime import` and `om gc` (API.md §14), run in-process as a user runs
// them, with a config defining contexts dev (the default) and prod.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { errorLines, type OmResult, omInProcess } from '../cli/om-cli.js';
import { type ContextPair, CROSS_PAIRS, openPair, PAIRS, trainedTree } from '../promotion/pairs.js';

const PAIR = CROSS_PAIRS[0] ?? PAIRS[0] ?? { source: 'sqlite', target: 'sqlite' };

function ok(result: OmResult): string {
  assert.equal(result.status, 0, `exit ${result.status}\n${result.stderr}`);
  return result.out;
}

describe(`om runtime export / import, om gc (${PAIR.source} → ${PAIR.target})`, () => {
  let pair: ContextPair;
  const om = (args: string[]) => omInProcess(pair.home, args);
  before(async () => {
    pair = await openPair(PAIR);
    await pair.dev.datasets.put([{ x: 1 }, { x: 2 }], 'iris');
    await pair.dev.models.put(trainedTree(), 'iris', { tag: 'v1', attributes: { dataset: 'iris' } });
  });
  after(() => pair?.close());

  it('exports a model with its data and imports it into another context and bucket', async () => {
    const archive = join(pair.home, 'iris.omega.tgz');
    const out = ok(await om(['runtime', 'export', 'models/iris', 'datasets/iris', '--archive', archive]));
    assert.match(out, /^models\/iris\ndata\/iris\nexported 2 object\(s\), 2 version\(s\), \d+ bytes to /);
    const imported = JSON.parse(
      ok(await om(['--context', 'prod', '--json', 'runtime', 'import', archive, '--bucket', 'staging'])),
    ) as { members: string[] };
    assert.deepEqual(imported.members, ['models/iris', 'data/iris']);
    const staging = pair.prod.bucket('staging');
    assert.deepEqual(await staging.datasets.get('iris'), [{ x: 1 }, { x: 2 }]);
    assert.deepEqual((await staging.models.revisions('iris')).at(-1)?.tags, ['latest', 'v1']);

    const again = await om(['--context', 'prod', 'runtime', 'import', archive, '--bucket', 'staging']);
    assert.equal(again.status, 1);
    assert.match(errorLines(again)[0] ?? '', /^error: models\/iris, data\/iris already exist in bucket staging/);
    assert.match(
      ok(await om(['--context', 'prod', 'runtime', 'import', archive, '--bucket', 'staging', '--replace'])),
      /models\/iris \(replaced\)/,
    );
  });

  it('names a bad selector and a missing object', async () => {
    const archive = join(pair.home, 'bad.omega.tgz');
    const bad = await om(['runtime', 'export', 'iris', '--archive', archive]);
    assert.equal(bad.status, 1);
    assert.match(errorLines(bad)[0] ?? '', /"iris" names no object: write <store>\/<name or pattern>/);
    const missing = await om(['runtime', 'export', 'models/nope', '--archive', archive]);
    assert.match(errorLines(missing)[0] ?? '', /models\/nope \(bucket default\) does not exist in context dev/);
  });

  it('collects garbage, dry or not', async () => {
    await pair.dev.datasets.put(Buffer.from('gone soon'), 'tmp');
    await pair.dev.datasets.drop('tmp');
    const dry = JSON.parse(ok(await om(['--json', 'gc', '--dry-run', '--grace', '0']))) as Record<string, unknown>;
    assert.equal(dry.dryRun, true);
    assert.match(ok(await om(['gc'])), /^freed \d+ bytes: \d+ blob\(s\), \d+ partial upload\(s\)\n$/);
    const bad = await om(['gc', '--grace', 'soon']);
    assert.equal(bad.status, 1);
    assert.match(errorLines(bad)[0] ?? '', /--grace must be a number of seconds >= 0, got "soon"/);
  });
});
