// The built `om` as a process: exit codes, stdin and stdout pipes. Most CLI tests run the program
// in-process (om-cli.ts); these keep what only a real process shows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type CliSite, cliSite, errorLines, spawnOm } from './om-cli.js';

const MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

describe('om as a process', () => {
  let site: CliSite;
  before(() => {
    site = cliSite('sqlite');
  });
  after(() => site.cleanup());
  const om = (args: string[], input?: Buffer) => spawnOm(site.home, ['--context', site.contextName, ...args], input);

  it('exits 0 on --version, 2 on a usage error, 1 on a failed command, each error on one stderr line', () => {
    const version = om(['--version']);
    assert.equal(version.status, 0, version.stderr);
    assert.equal(version.out, `${VERSION}\n`);

    const usage = om(['datasets', 'lst']);
    assert.equal(usage.status, 2);
    assert.deepEqual(errorLines(usage), ["error: unknown command 'lst' (Did you mean list?)"]);

    const failed = om(['datasets', 'metadata', 'absent']);
    assert.equal(failed.status, 1);
    assert.match(errorLines(failed).join('\n'), /^error: data\/absent \(bucket default\) does not exist/);
  });

  it('with --json, errors are JSON on stderr and the exit codes stay 1 and 2', () => {
    const failed = om(['datasets', 'metadata', 'absent', '--json']);
    assert.equal(failed.status, 1);
    assert.equal(failed.out, '');
    assert.equal(JSON.parse(failed.stderr).error.code, 'OMEGA_NOT_FOUND');
    const usage = om(['--json', 'datasets', 'lst']);
    assert.equal(usage.status, 2);
    assert.deepEqual(JSON.parse(usage.stderr), {
      error: { code: 'OMEGA_USAGE', message: "unknown command 'lst' (Did you mean list?)" },
    });
  });

  it('reads stdin and writes stdout byte-exact', () => {
    const bytes = randomBytes(200_000);
    assert.equal(om(['datasets', 'put', '-', 'piped'], bytes).status, 0);
    const get = om(['datasets', 'get', 'piped', '-']);
    assert.equal(get.status, 0, get.stderr);
    assert.ok(get.stdout.equals(bytes), 'stdout differs from stdin');
  });

  it('a reader that stops early (| head) is not an error', () => {
    const pipeline = spawnSync(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${MAIN}" --context ${site.contextName} datasets get piped - | head -c 10`,
      ],
      { env: { ...process.env, OMEGA_HOME: site.home }, encoding: 'buffer' },
    );
    assert.equal(pipeline.status, 0, pipeline.stderr.toString());
    assert.equal(pipeline.stdout.length, 10);
    assert.equal(pipeline.stderr.toString(), '');
  });

  it('a store path that cannot be created fails at once, naming the path', {
    skip: process.platform !== 'linux',
  }, () => {
    const path = '/proc/self/nope/x.db';
    // Fails (rather than spinning until the timeout kills it) with exit 1 and one error line.
    const result = spawnSync(process.execPath, [MAIN, 'datasets', 'list'], {
      env: { ...process.env, OMEGA_HOME: join(site.home, 'other'), OMEGA_STORE_URL: `sqlite://${path}` },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.signal, null, 'om was killed: it did not end by itself');
    assert.equal(result.status, 1, result.stderr);
    assert.deepEqual(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(result.stderr, /^error: cannot open SQLite store \/proc\/self\/nope\/x\.db: .*ENOENT/);
  });
});
