import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { runOm } from '../../../src/cli/program.js';
import { ConflictError, TaskError, UnavailableError, ValidationError } from '../../../src/index.js';
import type { TaskInfo } from '../../../src/runtime/executor.js';
import { setup } from '../../../src/setup.js';
import { errorLines, type OmResult, omInProcess } from '../../cli/om-cli.js';
import { redisConnection, runtimeSuite, SUITE_OPTIONS } from './runtime-suite.js';
import { sleep } from './training.js';

const SLEEPY = fileURLToPath(new URL('../../fixtures/runtime/sleepy.js', import.meta.url));

describe('the runtime never waits silently', SUITE_OPTIONS, () => {
  const suite = runtimeSuite({ main: 'sqlite' }, async (s) => {
    await s.om().scripts.put(SLEEPY, 'slow');
  });
  const context = () => suite.name('main');
  const om = (...args: string[]): Promise<OmResult> => omInProcess(suite.home, ['--context', context(), ...args]);

  it('a task for a label no worker serves is unserved, and runs once a worker starts', async () => {
    const task = suite.om().runtime.require('tpu').ping();
    await task.submitted();
    assert.equal(await task.status(), 'unserved');
    const worker = await suite.startWorker({ labels: ['tpu'] });
    assert.equal((await task).worker, worker.id);
    assert.equal(await task.status(), 'succeeded');
    await worker.end();
  });

  it('the CLI says at once that no worker serves the label; --timeout ends the wait with exit 1', async () => {
    const result = await om('runtime', '--require', 'nobody', 'ping', '--timeout', '1');
    assert.equal(result.status, 1);
    const [note, error] = errorLines(result);
    const id = /task (\S+) is queued/.exec(note ?? '')?.[1] ?? '';
    assert.equal(
      note,
      `no worker serves label nobody; task ${id} is queued — start one with \`om worker --context ${context()} --label nobody\``,
    );
    assert.equal(error, `error: task ${id} did not finish within 1 s; it is still queued — om runtime result ${id}`);
    const again = await om('runtime', 'result', id, '--timeout', '1');
    assert.equal(again.status, 1);
    assert.match(errorLines(again).at(-1) ?? '', /did not finish within 1 s; it is still queued — om runtime result/);
  });

  it('result({ timeoutMs }) rejects with a TaskError; the task stays queued', async () => {
    const task = suite.om().runtime.require('later').ping();
    await assert.rejects(task.result({ timeoutMs: 200 }), (error: unknown) => {
      assert.ok(error instanceof TaskError, String(error));
      assert.match(error.message, /did not finish within 200 ms \(it is still unserved\)/);
      return true;
    });
    assert.equal(await task.status(), 'unserved');
  });

  it('cancel removes a queued task: its waiters get a TaskError, its status is failed', async () => {
    const task = suite.om().runtime.require('cancelled').ping();
    await task.submitted();
    const waiting = task.result().then(
      () => 'resolved',
      (error: unknown) => error,
    );
    const result = await om('runtime', 'cancel', task.id);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.out, `cancelled task ${task.id}\n`);
    const error = await waiting;
    assert.ok(error instanceof TaskError && /was cancelled/.test(error.message), String(error));
    assert.equal(await task.status(), 'failed');
    const unknown = await om('runtime', 'cancel', task.id);
    assert.equal(unknown.status, 1);
    assert.match(errorLines(unknown)[0] ?? '', /^error: task .* is not known/);
  });

  /** What a Redis restarted without persistence does to one task: its job is gone. */
  async function forget(id: string, label: string): Promise<void> {
    const redis = new Redis(redisConnection());
    await redis.del(`omega:${context()}/${label}:${id}`);
    await redis.quit();
  }

  async function lostError(task: { result(): Promise<unknown> }): Promise<unknown> {
    return task.result().then(
      () => 'resolved',
      (error: unknown) => error,
    );
  }

  it('a task the broker lost before its wait began fails the wait with a TaskError that says so', async () => {
    const task = suite.om().runtime.require('forgotten').ping();
    await task.submitted();
    await forget(task.id, 'forgotten');
    const error = await lostError(task);
    assert.ok(error instanceof TaskError, String(error));
    assert.match(error.message, new RegExp(`task ${task.id} is no longer known to the broker`));
  });

  it('a task the broker loses while it is waited for fails its waiters with a TaskError that says so', async () => {
    const task = suite.om().runtime.require('forgotten').ping();
    await task.submitted();
    const waiting = lostError(task);
    // Only an order, not a timing: the wait has begun (its own checks passed) before the job goes.
    await sleep(300);
    await forget(task.id, 'forgotten');
    const error = await waiting;
    assert.ok(error instanceof TaskError, String(error));
    assert.match(error.message, new RegExp(`task ${task.id} is no longer known to the broker`));
  });

  it('a running task cannot be cancelled (ConflictError)', async () => {
    const worker = await suite.startWorker({ labels: ['busy'] });
    const runtime = suite.om().runtime.require('busy');
    const task = runtime.script('slow').run({ ms: 3000 });
    while ((await task.status()) !== 'running') await sleep(50);
    await assert.rejects(runtime.cancel(task.id), ConflictError);
    assert.deepEqual((await task).result, { slept: 3000 });
    assert.equal(await task.status(), 'succeeded');
    const listed = JSON.parse((await om('--json', 'runtime', 'tasks', '--label', 'busy')).out) as TaskInfo[];
    assert.deepEqual(
      listed.map((t) => [t.id, t.status, t.worker, t.action, t.object]),
      [[task.id, 'succeeded', worker.id, 'script', 'slow']],
    );
    await worker.end();
  });

  it('tasks lists tasks with label, state, worker, action and object; --state filters', async () => {
    const runtime = suite.om().runtime.require('listed');
    const ping = runtime.ping();
    const script = runtime.script('slow').run({ ms: 1 });
    await Promise.all([ping.submitted(), script.submitted()]);
    const listed = JSON.parse((await om('--json', 'runtime', 'tasks', '--label', 'listed')).out) as TaskInfo[];
    assert.deepEqual(
      listed.map((t) => [t.id, t.label, t.status, t.worker, t.action, t.object]).sort(),
      [
        [ping.id, 'listed', 'unserved', null, 'ping', null],
        [script.id, 'listed', 'unserved', null, 'script', 'slow'],
      ].sort(),
    );
    const text = await om('runtime', 'tasks', '--label', 'listed', '--state', 'unserved');
    assert.match(text.out, /^id\s+label\s+state\s+worker\s+action\s+object\s+age$/m);
    assert.match(text.out, new RegExp(`^${ping.id}\\s+listed\\s+unserved\\s+-\\s+ping\\s+-\\s+\\d+ s$`, 'm'));
    const running = await om('runtime', 'tasks', '--label', 'listed', '--state', 'running');
    assert.equal(running.out, 'no tasks\n');
    const bad = await om('runtime', 'tasks', '--state', 'sleeping');
    assert.equal(bad.status, 1);
    assert.match(errorLines(bad)[0] ?? '', /--state takes one of queued, unserved, running, succeeded, failed/);
  });

  it('purge without --force says what it would delete; with --force it deletes', async () => {
    const runtime = suite.om().runtime.require('purged');
    const tasks = [runtime.ping(), runtime.ping()];
    await Promise.all(tasks.map((task) => task.submitted()));
    const refused = await om('runtime', 'purge', '--label', 'purged');
    assert.equal(refused.status, 1);
    assert.match(errorLines(refused)[0] ?? '', /^error: purge would delete 2 queued tasks of label purged .*--force/);
    await assert.rejects(runtime.purge('purged'), ValidationError);
    const purged = await om('runtime', 'purge', '--label', 'purged', '--force');
    assert.equal(purged.status, 0, purged.stderr);
    assert.equal(purged.out, 'purged 2 queued tasks of label purged\n');
    assert.deepEqual(await runtime.tasks({ label: 'purged' }), []);
    assert.equal(await runtime.purge('purged'), 0);
  });

  it('a long wait on a terminal prints the task id on stderr', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let errors = '';
    stderr.setEncoding('utf8').on('data', (text: string) => {
      errors += text;
    });
    stdout.resume();
    const status = await runOm(['--context', context(), '--local', 'runtime', 'script', 'slow', 'ms=3000'], {
      stdin: Readable.from([]),
      stdout,
      stderr,
      env: { ...process.env, OMEGA_HOME: suite.home },
      isTTY: { stdout: false, stderr: true },
      stopSignal: () => new Promise<string>(() => undefined),
    });
    assert.equal(status, 0, errors);
    assert.match(errors, /^waiting for task (\S+) \(om runtime result \1\)$/m);
  });

  it('local tasks are never unserved; they are listed and cannot be cancelled', async () => {
    const runtime = suite.om().runtime.mode({ local: true }).require('local');
    const task = runtime.ping();
    await task;
    assert.equal(await task.status(), 'succeeded');
    const [listed] = await runtime.tasks({ status: 'succeeded' });
    assert.equal(listed?.id, task.id);
    assert.equal(listed?.action, 'ping');
    await assert.rejects(runtime.cancel(task.id), ConflictError);
    assert.equal(await runtime.purge('default'), 0);
  });
});

describe('a broker that cannot be reached is an UnavailableError without its password', () => {
  const home = mkdtempSync(join(tmpdir(), 'omegats-down-'));
  writeFileSync(
    join(home, 'config.yml'),
    'contexts:\n  down:\n    store: sqlite:down.db\n    broker: redis://user:s3cret@127.0.0.1:1/0\n',
  );
  const check = (message: string): void => {
    assert.match(message, /cannot reach the broker redis:\/\/user:\*\*\*@127\.0\.0\.1:1\/0 of context down: /);
    assert.ok(!message.includes('s3cret'), message);
    assert.ok(!/max retries per request/i.test(message), message);
  };

  it('in the API', async () => {
    const om = await setup({ context: 'down', home });
    try {
      const task = om.runtime.ping();
      await assert.rejects(task.result(), (error: unknown) => {
        assert.ok(error instanceof UnavailableError, String(error));
        check(error.message);
        return true;
      });
      await assert.rejects(om.runtime.tasks(), UnavailableError);
    } finally {
      await om.close();
    }
  });

  it('in the CLI', async () => {
    for (const args of [
      ['runtime', 'ping'],
      ['runtime', 'tasks'],
      ['runtime', 'status'],
    ]) {
      const result = await omInProcess(home, ['--context', 'down', ...args]);
      assert.equal(result.status, 1);
      const lines = errorLines(result);
      assert.equal(lines.length, 1, result.stderr);
      check(lines[0] ?? '');
    }
    rmSync(home, { recursive: true, force: true });
  });
});
