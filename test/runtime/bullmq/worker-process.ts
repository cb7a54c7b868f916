import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
// The built CLI (npm test builds first), started as `om worker` is in production.
const MAIN = join(REPO, 'dist', 'cli', 'main.js');

/** Variables that would make the worker serve another context, store or broker than its config's. */
const SELECTING_ENV = [
  'OMEGA_CONTEXT',
  'OMEGA_CONFIG',
  'OMEGA_STORE_URL',
  'OMEGA_BROKER_URL',
  'OMEGA_BUCKET',
  'OMEGA_LOCAL_RUNTIME',
];

/** Workers still running; killed if the test process exits without ending them (a crash, a timeout). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

const READY = /^worker (\S+) serving contexts (.+) on labels (.+)$/m;
const READY_TIMEOUT_MS = 30_000;

export interface WorkerOptions {
  /** Context names (from the home's config.yml) to serve. */
  contexts: string[];
  labels?: string[];
  stallMs?: number;
  concurrency?: number;
  timeoutSeconds?: number;
  connectTimeoutSeconds?: number;
  logFormat?: 'text' | 'json';
}

export interface WorkerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** One `om worker` process: started and ready, or failed with its output. */
export class WorkerProcess {
  private stdout = '';
  private stderr = '';
  private exit: WorkerExit | undefined;
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<WorkerExit>;
  /** The worker id it printed once ready (what ping and `attributes.task.worker` report). */
  id = '';

  private constructor(private readonly child: ChildProcess) {
    live.add(child);
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      this.stdout += text;
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderr += text;
    });
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
  }

  /** Starts `om worker` with OMEGA_HOME=home and waits until it serves its queues. */
  static async start(home: string, options: WorkerOptions): Promise<WorkerProcess> {
    const worker = WorkerProcess.spawn(home, options);
    await worker.ready();
    return worker;
  }

  /** Starts `om worker` with OMEGA_HOME=home, without waiting for it (see `exited`, `untilOutput`). */
  static spawn(home: string, options: WorkerOptions): WorkerProcess {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does it)`);
    const env: NodeJS.ProcessEnv = { ...process.env, OMEGA_HOME: home };
    for (const name of SELECTING_ENV) delete env[name];
    const args = [MAIN, 'worker'];
    for (const context of options.contexts) args.push('--context', context);
    for (const label of options.labels ?? []) args.push('--label', label);
    if (options.stallMs !== undefined) args.push('--stall-ms', String(options.stallMs));
    if (options.concurrency !== undefined) args.push('--concurrency', String(options.concurrency));
    if (options.timeoutSeconds !== undefined) args.push('--timeout', String(options.timeoutSeconds));
    if (options.connectTimeoutSeconds !== undefined)
      args.push('--connect-timeout', String(options.connectTimeoutSeconds));
    if (options.logFormat !== undefined) args.push('--log-format', options.logFormat);
    return new WorkerProcess(spawn(process.execPath, args, { cwd: REPO, env, stdio: 'pipe' }));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get running(): boolean {
    return this.exit === undefined;
  }

  /** What the process printed so far on stdout and on stderr. */
  get printed(): { stdout: string; stderr: string } {
    return { stdout: this.stdout, stderr: this.stderr };
  }

  /** Waits until stdout or stderr (as chosen) matches `pattern`; fails if the process exits first. */
  async untilOutput(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout', timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this[stream])) {
      if (!this.running || Date.now() > deadline) {
        throw new Error(`om worker never printed ${pattern} on ${stream}\n${this.output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** What the process printed so far, for failure messages. */
  get output(): string {
    return `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
  }

  /** SIGTERM: the worker finishes its running tasks and exits. */
  async stop(): Promise<WorkerExit> {
    if (this.running) this.child.kill('SIGTERM');
    return this.exited;
  }

  /** SIGKILL: dies at once, mid-task if it runs one. */
  async kill(): Promise<WorkerExit> {
    if (this.running) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async end(graceMs = 5_000): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), graceMs);
    });
    if ((await Promise.race([this.exited, late])) === 'late') await this.kill();
    clearTimeout(timer);
  }

  private async ready(): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const match = READY.exec(this.stdout);
      if (match) {
        this.id = match[1] ?? '';
        return;
      }
      if (!this.running) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await this.kill();
    throw new Error(`om worker did not become ready (exit ${JSON.stringify(this.exit)})\n${this.output}`);
  }
}
