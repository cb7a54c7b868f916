import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { setup } from '../../src/index.js';
import { cliSuite, errorLines, type OmResult } from './om-cli.js';

interface JsonError {
  error: { code: string; message: string; stack?: string };
}

/** stderr as the one JSON error line it must be. */
function jsonError(result: OmResult): JsonError {
  const lines = errorLines(result);
  assert.equal(lines.length, 1, result.stderr);
  return JSON.parse(lines[0] ?? '') as JsonError;
}

describe('global options after the command', () => {
  const t = cliSuite('sqlite');

  before(async () => {
    const om = await setup({ home: t.site.home, context: t.site.contextName });
    await om.datasets.put({ answer: 42 }, 'here');
    await om.bucket('b').datasets.put({ answer: 43 }, 'in-b');
    await om.close();
    const other = await setup({ home: t.site.home, context: 'other', create: true });
    await other.datasets.put({ answer: 44 }, 'there');
    await other.close();
  });

  it('--json after the command prints what it prints before it', async () => {
    const lines: [string[], string[]][] = [
      [['datasets', 'list'], []],
      [['datasets', 'list', '--raw'], []],
      [['datasets'], ['list']],
      [['contexts'], []],
    ];
    for (const [command, after] of lines) {
      const before = await t.site.om(['--json', ...command, ...after]);
      const behind = await t.site.om([...command, '--json', ...after]);
      assert.equal(behind.status, 0, behind.stderr);
      assert.equal(behind.out, before.out, [...command, ...after].join(' '));
      JSON.parse(behind.out);
    }
    const status = await t.site.om(['runtime', 'status', '--json']);
    assert.equal(status.status, 0, status.stderr);
    assert.equal(JSON.parse(status.out).context, t.site.contextName);
  });

  it('--context and --bucket after the command or its group select as they do before it', async () => {
    const list = async (...args: string[]) => {
      const result = await t.site.om(args);
      assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
      return JSON.parse(result.out) as string[];
    };
    assert.deepEqual(await list('datasets', 'list', '--json', '--context', 'other'), ['there']);
    assert.deepEqual(await list('datasets', 'list', '--context', 'other', '--bucket', 'b', '--json'), []);
    assert.deepEqual(await list('datasets', '--bucket', 'b', 'list', '--json'), ['in-b']);
    assert.deepEqual(await list('datasets', 'list', '--bucket=b', '--json'), ['in-b']);
    // Given twice, the last one counts.
    assert.deepEqual(await list('--bucket', 'nowhere', 'datasets', 'list', '--bucket', 'b', '--json'), ['in-b']);
    const put = await t.site.om(['datasets', 'metadata', 'in-b', '--bucket', 'b']);
    assert.equal(put.status, 0, put.stderr);
    assert.match(put.out, /^bucket: b$/m);
  });

  it('--local and --debug after the command', async () => {
    const ping = await t.site.om(['runtime', 'ping', '--local', '--json']);
    assert.equal(ping.status, 0, ping.stderr);
    assert.match(JSON.parse(ping.out).worker, /^local@/);
    const missing = await t.site.om(['datasets', 'metadata', 'nowhere', '--debug']);
    assert.equal(missing.status, 1);
    assert.match(errorLines(missing)[0] ?? '', /^error: data\/nowhere /);
    assert.ok(
      errorLines(missing).some((line) => /^\s+at /.test(line)),
      missing.stderr,
    );
  });

  it("a command's own option of the same name keeps its meaning", async () => {
    // om worker --context names the contexts to serve (repeatable), not the context to work in.
    const worker = await t.site.om(['--context', t.site.contextName, 'worker', '--context', 'nowhere', '--json']);
    assert.equal(worker.status, 1);
    const { error } = jsonError(worker);
    assert.equal(error.code, 'OMEGA_NOT_FOUND');
    assert.match(error.message, /nowhere/);
    // om runtime --require is the runtime's; --json after the subcommand is the global one.
    const ping = await t.site.om(['runtime', '--require', 'gpu', 'ping', '--json']);
    assert.equal(ping.status, 0, ping.stderr);
    assert.equal(JSON.parse(ping.out).label, 'gpu');
  });

  it('--help of a command lists the global options it takes', async () => {
    const help = await t.site.om(['datasets', 'list', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.out, /Global Options:\n {2}--context <name>/);
    assert.match(help.out, /^ {2}--json /m);
    // worker has a --context of its own: the global one is not offered there.
    const worker = (await t.site.om(['worker', '--help'])).out;
    assert.equal(worker.match(/^ {2}--context /gm)?.length, 1, worker);
  });
});

describe('errors with --json', () => {
  const t = cliSuite('sqlite');

  it('are one JSON line on stderr with the error code, exit 1', async () => {
    for (const args of [
      ['--json', 'datasets', 'metadata', 'nowhere'],
      ['datasets', 'metadata', 'nowhere', '--json'],
    ]) {
      const missing = await t.site.om(args);
      assert.equal(missing.status, 1, args.join(' '));
      assert.equal(missing.out, '');
      assert.deepEqual(jsonError(missing), {
        error: {
          code: 'OMEGA_NOT_FOUND',
          message: `data/nowhere (bucket default) does not exist in context ${t.site.contextName}`,
        },
      });
    }
    const invalid = await t.site.om(['datasets', 'metadata', 'a/../b', '--json']);
    assert.equal(invalid.status, 1);
    assert.equal(jsonError(invalid).error.code, 'OMEGA_INVALID');
  });

  it('--debug adds the stack', async () => {
    const missing = await t.site.om(['datasets', 'metadata', 'nowhere', '--json', '--debug']);
    assert.equal(missing.status, 1);
    const { error } = jsonError(missing);
    assert.equal(error.code, 'OMEGA_NOT_FOUND');
    assert.match(error.stack ?? '', /^NotFoundError: data\/nowhere .*\n\s+at /);
  });

  it('usage errors are OMEGA_USAGE, exit 2', async () => {
    const cases: [string[], string][] = [
      [['datasets', 'list', '--no-such-option', '--json'], "unknown option '--no-such-option'"],
      [['--json', 'datasets', 'lst'], "unknown command 'lst' (Did you mean list?)"],
      [['datasets', 'drop', '--json'], "missing required argument 'name'"],
    ];
    for (const [args, message] of cases) {
      const result = await t.site.om(args);
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.deepEqual(jsonError(result), { error: { code: 'OMEGA_USAGE', message } });
    }
  });
});
