import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setup } from '../../../src/setup.js';
import { WorkerProcess } from './worker-process.js';

// These tests start and kill their own Redis, so they need the server program, not OMEGA_TEST_REDIS_URL.
const HAS_REDIS_SERVER = spawnSync('redis-server', ['--version']).status === 0;
const PASSWORD = 's3cret-pw';

/** A port nothing listens on (just now). */
async function sparePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/** A private redis-server with a password, on `port`, ready to accept connections. */
async function startRedis(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const server = spawn('redis-server', [...args, '--requirepass', PASSWORD, '--daemonize', 'no'], { stdio: 'pipe' });
  let output = '';
  server.stdout?.setEncoding('utf8');
  for await (const text of server.stdout as AsyncIterable<string>) {
    output += text;
    if (/Ready to accept connections/.test(output)) return server;
  }
  throw new Error(`redis-server did not start on port ${port}:\n${output}`);
}

async function stopRedis(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  server.kill('SIGKILL');
  await once(server, 'exit');
}

/** A home whose config.yml has one context `name` with an SQLite store and the given broker. */
function homeWith(name: string, broker: string): string {
  const home = mkdtempSync(join(tmpdir(), 'omegats-worker-broker-'));
  writeFileSync(
    join(home, 'config.yml'),
    `contexts:\n  ${name}:\n    store: sqlite:${name}.db\n    broker: ${broker}\n`,
  );
  return home;
}

const STACK_LINE = /^\s+at |\[ioredis\]/m;

describe('om worker and its broker', { skip: HAS_REDIS_SERVER ? false : 'redis-server is not installed' }, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('broker down at start: a few attempts, then exit 1 with one line naming the broker, no password, no stack', {
    timeout: 60_000,
  }, async () => {
    const port = await sparePort();
    const home = homeWith('down', `redis://:${PASSWORD}@127.0.0.1:${port}/0`);
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const worker = WorkerProcess.spawn(home, { contexts: ['down'], connectTimeoutSeconds: 1 });
    assert.deepEqual(await worker.exited, { code: 1, signal: null }, worker.output);
    const { stdout, stderr } = worker.printed;
    assert.equal(stdout, '', worker.output);
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 1, worker.output);
    assert.match(
      lines[0] as string,
      new RegExp(
        `^error: cannot reach the broker of context down after 5 attempts in 1 s \\(.*ECONNREFUSED.*\\): ` +
          `is Redis running at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0\\? ` +
          `check broker: in ${home.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/config\\.yml \\(contexts\\.down\\)$`,
      ),
    );
    assert.ok(!stderr.includes(PASSWORD), 'the password is hidden');
    assert.doesNotMatch(stderr, STACK_LINE);
  });

  it('broker lost while serving: one line when lost, one when back, and the worker serves again', {
    timeout: 120_000,
  }, async () => {
    const port = await sparePort();
    let redis = await startRedis(port);
    cleanups.push(() => stopRedis(redis));
    const home = homeWith('outage', `redis://:${PASSWORD}@127.0.0.1:${port}/0`);
    cleanups.push(() => rmSync(home, { recursive: true, force: true }));
    const worker = await WorkerProcess.start(home, { contexts: ['outage'] });
    cleanups.push(() => worker.end());

    const before = await setup({ context: 'outage', home });
    assert.equal((await before.runtime.ping()).worker, worker.id);
    await before.close();

    await stopRedis(redis);
    await worker.untilOutput(/ lost \(/, 'stderr');
    redis = await startRedis(port);
    await worker.untilOutput(/ is back; serving again$/m, 'stderr');

    const afterwards = await setup({ context: 'outage', home });
    cleanups.push(() => afterwards.close());
    assert.equal((await afterwards.runtime.ping()).worker, worker.id, 'the worker serves again');
    assert.ok(worker.running, worker.output);

    const { stderr } = worker.printed;
    const broker = `redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}/0`;
    const lines = stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, `one line lost, one back:\n${worker.output}`);
    assert.match(lines[0] as string, new RegExp(`^\\S+ broker ${broker} lost \\(.+\\); reconnecting$`));
    assert.match(lines[1] as string, new RegExp(`^\\S+ broker ${broker} is back; serving again$`));
    assert.ok(!stderr.includes(PASSWORD), 'the password is hidden');
    assert.doesNotMatch(stderr, STACK_LINE);
  });
});
