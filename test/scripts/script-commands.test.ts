import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cliSuite } from '../cli/om-cli.js';
import { FIXTURES } from './scratch.js';

describe('om scripts put|revisions and om runtime script', () => {
  const t = cliSuite('sqlite');

  it('puts a folder as a tagged version and lists its revisions', async () => {
    const put = await t.site.omc(['--json', 'scripts', 'put', join(FIXTURES, 'report'), 'report', '--tag', 'v1']);
    assert.equal(put.status, 0, put.stderr);
    const version = String((JSON.parse(put.out) as { kindMeta: { version: string } }).kindMeta.version);
    const plain = await t.site.omc(['scripts', 'put', join(FIXTURES, 'report'), 'report']);
    assert.match(
      plain.out,
      new RegExp(
        `^stored scripts/report \\(bucket default\\) as script\\.module, \\d+ bytes, 3 files, entry src/report\\.ts, version ${version.slice(0, 12)}\n$`,
      ),
    );
    const revisions = await t.site.omc(['scripts', 'revisions', 'report']);
    assert.equal(revisions.status, 0, revisions.stderr);
    assert.match(revisions.out, new RegExp(`^${version.slice(0, 12)}  \\S+  latest,v1\n$`));
  });

  it('runs a script in-process with k=v arguments as its payload', async () => {
    assert.equal((await t.site.omc(['scripts', 'put', join(FIXTURES, 'hello.js'), 'hello'])).status, 0);
    const run = await t.site.omc(['--json', 'runtime', 'script', 'hello', 'run', 'name=world']);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(run.out) as { result: unknown; started: string; ended: string; seconds: number };
    assert.deepEqual(result.result, { greeting: 'hello world' });
    assert.ok(result.seconds >= 0 && Date.parse(result.ended) >= Date.parse(result.started));
    const missing = await t.site.omc(['runtime', 'script', 'nope']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^error: scripts\/nope \(bucket default\) does not exist/);
  });
});
