// `om models put --class`, model JSON files and their errors, `om models tag`, `om <store> attributes`.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ENGINES } from '../helpers/engines.js';
import { cliSuite, errorLines, type OmResult } from './om-cli.js';

function ok(result: OmResult): string {
  assert.equal(result.status, 0, `exit ${result.status}\n${result.stderr}`);
  return result.out;
}

function failed(result: OmResult, pattern: RegExp): void {
  assert.equal(result.status, 1, `exit ${result.status}\nstdout: ${result.out}\nstderr: ${result.stderr}`);
  const lines = errorLines(result);
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0] ?? '', pattern);
}

for (const engine of ENGINES) {
  describe(`om models put --class, tag, attributes (${engine})`, () => {
    const t = cliSuite(engine);

    it('put --class --param stores an untrained estimator; get writes the model JSON that put reads back', async () => {
      const put = await t.site.omc([
        '--json',
        'models',
        'put',
        '--class',
        'RandomForestClassifier',
        '--param',
        'nEstimators=20',
        '--param',
        'noOOB=true',
        '--param',
        'treeOptions={"maxDepth":4}',
        'iris',
        '--tag',
        'v0',
      ]);
      const meta = JSON.parse(ok(put));
      assert.deepEqual([meta.kind, meta.kindMeta.fitted], ['mljs.random-forest-classifier', false]);
      const file = join(t.files, 'iris.json');
      ok(await t.site.omc(['models', 'get', 'iris@v0', file]));
      const json = JSON.parse(readFileSync(file, 'utf8'));
      assert.deepEqual([json.class, json.fitted], ['RandomForestClassifier', false]);
      assert.deepEqual(
        [json.options.nEstimators, json.options.noOOB, json.options.treeOptions.maxDepth],
        [20, true, 4],
      );
      const back = JSON.parse(ok(await t.site.omc(['--json', 'models', 'put', file, 'iris-copy'])));
      assert.equal(back.kindMeta.version, meta.kindMeta.version, 'the same content, the same version');

      const minimal = join(t.files, 'nb.json');
      writeFileSync(minimal, '{"class": "KNN", "fitted": false, "options": {"k": 3}}');
      assert.match(ok(await t.site.omc(['models', 'put', minimal, 'knn'])), /models\/knn.*mljs\.knn/);
      const plain = ok(await t.site.omc(['models', 'put', '--class', 'GaussianNB', 'nb']));
      assert.match(plain, /models\/nb.*mljs\.gaussian-nb/);
    });

    it('a bad class, option or value, and a bad model file are errors that say what is wrong', async () => {
      failed(
        await t.site.omc(['models', 'put', '--class', 'RandomForest', 'x']),
        /unknown model class "RandomForest" \(known: RandomForestClassifier, RandomForestRegression, .*KNN/,
      );
      failed(
        await t.site.omc(['models', 'put', '--class', 'RandomForestClassifier', '--param', 'nTrees=5', 'x']),
        /RandomForestClassifier has no option "nTrees" \(its options: nEstimators, /,
      );
      failed(
        await t.site.omc(['models', 'put', '--class', 'RandomForestClassifier', '--param', 'nEstimators=many', 'x']),
        /option nEstimators of RandomForestClassifier must be a number, not "many"/,
      );
      failed(
        await t.site.omc(['models', 'put', '--class', 'KNN', '--param', 'k', 'x']),
        /--param "k" is not of the form key=value/,
      );
      failed(await t.site.omc(['models', 'put', '--class', 'KNN', '--param', 'k=0', 'x']), /k must be a positive/);
      failed(await t.site.omc(['models', 'put', '--class', 'GaussianNB', '--param', 'a=1', 'x']), /it takes none/);
      failed(await t.site.omc(['models', 'put', '--class', 'KNN', 'file.json', 'x']), /only the model name/);
      failed(await t.site.omc(['models', 'put', 'x', '--param', 'k=1']), /--param goes with --class/);
      failed(await t.site.omc(['models', 'put', 'x']), /give the model file and the name/);

      const cases: [string, RegExp][] = [
        ['{"class": "KNN", ', /is not valid JSON/],
        ['[1, 2]', /is not a model file: it holds no JSON object/],
        ['{"fitted": false}', /is not a model file: "class" .* is missing/],
        ['{"class": "SVM", "fitted": false}', /: unknown model class "SVM" \(known: /],
        ['{"class": "KNN"}', /is not a model file: "fitted" \(true or false\) is missing/],
        ['{"class": "KNN", "fitted": false, "options": 3}', /is not a model file: "options" is not an object/],
        ['{"class": "KNN", "fitted": true}', /it says "fitted": true but has no "model"/],
        ['{"class": "GaussianNB", "fitted": true, "model": {"means": 1}}', /: the GaussianNB model /],
      ];
      for (const [text, pattern] of cases) {
        const file = join(t.files, 'bad.json');
        writeFileSync(file, text);
        const result = await t.site.omc(['models', 'put', file, 'bad']);
        failed(result, pattern);
        assert.ok(errorLines(result)[0]?.includes(file), `names the file: ${result.stderr}`);
        assert.doesNotMatch(result.stderr, /stored /, 'no API wording');
      }
      assert.doesNotMatch(ok(await t.site.omc(['models', 'list'])), /^(x|bad)$/m);
    });

    it('models tag moves a tag to a version; bad targets and tags are errors', async () => {
      const first = JSON.parse(ok(await t.site.omc(['--json', 'models', 'put', '--class', 'KNN', 'tagged'])));
      const second = JSON.parse(
        ok(await t.site.omc(['--json', 'models', 'put', '--class', 'KNN', '--param', 'k=5', 'tagged'])),
      );
      const v1 = String(first.kindMeta.version);
      const out = ok(await t.site.omc(['models', 'tag', `tagged@${v1.slice(0, 10)}`, 'v1']));
      assert.match(out, new RegExp(`models/tagged \\(bucket default\\): tag v1 is version ${v1.slice(0, 12)}`));
      ok(await t.site.omc(['models', 'tag', 'tagged', 'v2']));
      const revisions = JSON.parse(ok(await t.site.omc(['--json', 'models', 'revisions', 'tagged'])));
      assert.deepEqual(
        revisions.map((r: { version: string; tags: string[] }) => [r.version, r.tags]),
        [
          [v1, ['v1']],
          [second.kindMeta.version, ['latest', 'v2']],
        ],
      );
      failed(await t.site.omc(['models', 'tag', 'tagged@nope', 'x']), /has no tag or version "nope"/);
      failed(await t.site.omc(['models', 'tag', 'missing@v1', 'x']), /models\/missing .*does not exist/);
      failed(await t.site.omc(['models', 'tag', 'tagged', 'latest']), /invalid tag "latest"/);
    });

    it('attributes: print, set k=v with dot paths, --json merges, unset; the version stays', async () => {
      ok(await t.site.omc(['models', 'put', '--class', 'GaussianNB', 'routed']));
      const before = JSON.parse(ok(await t.site.omc(['--json', 'models', 'metadata', 'routed'])));
      assert.match(ok(await t.site.omc(['models', 'attributes', 'routed'])), /models\/routed .*has no attributes/);
      const set = ok(
        await t.site.omc([
          'models',
          'attributes',
          'routed',
          'set',
          'require.label=gpu',
          'n=5',
          'note=5 runs',
          'ok=true',
        ]),
      );
      assert.deepEqual(set.trim().split('\n'), ['require.label=gpu', 'n=5', 'note=5 runs', 'ok=true']);
      const merged = await t.site.omc([
        'models',
        'attributes',
        'routed',
        '--json',
        '{"require":{"queue":"q"},"s":"7"}',
      ]);
      assert.deepEqual(ok(merged).trim().split('\n'), [
        'require.label=gpu',
        'require.queue=q',
        'n=5',
        'note=5 runs',
        'ok=true',
        's="7"',
      ]);
      ok(await t.site.omc(['models', 'attributes', 'routed', 'unset', 'require.queue', 'note', 's', 'ok']));
      const after = JSON.parse(ok(await t.site.omc(['--json', 'models', 'metadata', 'routed'])));
      assert.deepEqual(after.attributes, { require: { label: 'gpu' }, n: 5 });
      assert.equal(after.kindMeta.version, before.kindMeta.version);
      assert.deepEqual(
        JSON.parse(ok(await t.site.omc(['--json', 'models', 'attributes', 'routed']))),
        after.attributes,
      );
      const config = join(t.files, 'config.json');
      writeFileSync(config, '{"a": 1}');
      ok(await t.site.omc(['datasets', 'put', config, 'config']));
      assert.equal(ok(await t.site.omc(['datasets', 'attributes', 'config', 'set', 'owner=ops'])).trim(), 'owner=ops');
    });

    it('attributes: reserved keys, bad JSON, a bad action and a missing object are errors; nothing changes', async () => {
      ok(await t.site.omc(['models', 'put', '--class', 'GaussianNB', 'guarded']));
      ok(await t.site.omc(['models', 'attributes', 'guarded', 'set', 'a=1']));
      failed(await t.site.omc(['models', 'attributes', 'guarded', 'set', '__proto__.polluted=1']), /reserved/);
      failed(await t.site.omc(['models', 'attributes', 'guarded', 'set', 'x.constructor=1']), /reserved/);
      failed(await t.site.omc(['models', 'attributes', 'guarded', '--json', '{"x":{"prototype":1}}']), /reserved/);
      failed(await t.site.omc(['models', 'attributes', 'guarded', 'unset', '__proto__']), /reserved/);
      failed(await t.site.omc(['models', 'attributes', 'guarded', '--json', '{"a":']), /--json is not valid JSON/);
      failed(await t.site.omc(['models', 'attributes', 'guarded', '--json', '[1]']), /--json must be a JSON object/);
      failed(await t.site.omc(['models', 'attributes', 'guarded', 'set', 'novalue']), /not of the form key=value/);
      failed(await t.site.omc(['models', 'attributes', 'guarded', 'set']), /set needs key=value pairs/);
      failed(
        await t.site.omc(['models', 'attributes', 'guarded', 'remove', 'a']),
        /unknown attributes action "remove"/,
      );
      failed(await t.site.omc(['models', 'attributes', 'missing', 'set', 'a=1']), /models\/missing .*does not exist/);
      failed(await t.site.omc(['datasets', 'attributes', 'missing']), /data\/missing .*does not exist/);
      assert.equal(ok(await t.site.omc(['models', 'attributes', 'guarded'])).trim(), 'a=1');
    });
  });
}
