import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { nodeLoader, type WorkerChild } from './worker-child.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** Children not yet stopped: killed outright if this process exits without stopping them. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * Starts `node [--import tsx] <script> <args>` with its stdout appended to `logFile` (as a log
 * collector would take a worker's task lines: this process never reads them), and resolves once
 * a line of the file starts with `readyPrefix`.
 */
export async function startFileLoggedChild(options: {
  label: string;
  script: string;
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  logFile: string;
  readyPrefix: string;
}): Promise<WorkerChild> {
  const out = openSync(options.logFile, 'a');
  const child = spawn(
    process.execPath,
    [...profileFlags(), ...nodeLoader(options.script), options.script, ...options.args],
    {
      cwd: ROOT,
      env: options.env,
      stdio: ['ignore', out, 'inherit'],
    },
  );
  closeSync(out);
  running.add(child);
  child.once('exit', () => running.delete(child));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const late = sleep(STOP_TIMEOUT_MS).then(() => 'late' as const);
    if ((await Promise.race([exited, late])) === 'late') {
      child.kill('SIGKILL');
      await exited;
    }
  };
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${options.label} exited with ${child.exitCode} before it was ready`);
    const ready = readFileSync(options.logFile, 'utf8')
      .split('\n')
      .find((line) => line.startsWith(options.readyPrefix));
    if (ready !== undefined) return { pid: child.pid ?? -1, ready, stop };
    await sleep(50);
  }
  await stop();
  throw new Error(`${options.label}: not ready after ${START_TIMEOUT_MS / 1000} s`);
}

/** WORKER_PROFILE_DIR=<dir> profiles the child (`--cpu-prof`), as bench/profile/runtime-client.ts does. */
function profileFlags(): string[] {
  const dir = process.env.WORKER_PROFILE_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}
