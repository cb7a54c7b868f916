import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** The repository root: where `--import tsx` resolves. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How long a child may take to print its ready line (tsx compiles the sources on the way). */
const START_TIMEOUT_MS = 60_000;
/** After SIGTERM, how long before SIGKILL. */
const STOP_TIMEOUT_MS = 10_000;

export interface WorkerChildOptions {
  /** For messages. */
  label: string;
  /** A script run with node (a .ts file through `--import tsx`), then its arguments. */
  script: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** The child is ready once it prints a stdout line starting with this. */
  readyPrefix: string;
  /** Extra node flags (`--cpu-prof`, …), before `--import tsx`. */
  nodeFlags?: readonly string[];
}

/** Children not yet stopped: killed outright if this process exits without stopping them (a crash, EPIPE). */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A long-running child process (a worker), started and ready. */
export interface WorkerChild {
  readonly pid: number;
  /** Its ready line. */
  readonly ready: string;
  /** SIGTERM, then SIGKILL if it has not exited in time; resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts `node [flags] [--import tsx] <script> <args>` in the repository root and resolves once it
 * prints its ready line; its stderr passes through, its stdout before that goes to stderr as `# label: …`,
 * later stdout (a worker's line per task) is read and dropped, as a log collector would take it:
 * relaying it cost this process (the client side of the runtime bench) more than the tasks.
 * A child that exits (or stays silent for START_TIMEOUT_MS) before it is ready is an error.
 */
export async function startWorkerChild(options: WorkerChildOptions): Promise<WorkerChild> {
  const child = spawn(
    process.execPath,
    [...(options.nodeFlags ?? []), ...nodeLoader(options.script), options.script, ...options.args],
    { cwd: ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const pid = child.pid;
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (pid === undefined) {
    const [error] = (await once(child, 'error')) as [Error];
    throw new Error(`${options.label}: could not start: ${error.message}`);
  }
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopChild(child);
    return stopping;
  };
  try {
    const ready = await readyLine(child, options);
    return { pid, ready, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function readyLine(child: ChildProcess, options: WorkerChildOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    let ready: string | undefined;
    const timer = setTimeout(
      () => settle(new Error(`${options.label}: not ready after ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      settle(new Error(`${options.label} exited with ${signal ?? code} before it was ready`));
    function settle(error?: Error): void {
      clearTimeout(timer);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(ready as string);
    }
    child.once('exit', onExit);
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      if (ready !== undefined) return;
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (ready === undefined && line.startsWith(options.readyPrefix)) {
          ready = line;
          settle();
        } else if (line.trim() !== '') {
          process.stderr.write(`# ${options.label}: ${line}\n`);
        }
      }
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS);
  });
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

/** `--import tsx` for a TypeScript script; a built one (dist/, as `om` runs for users) needs none. */
export function nodeLoader(script: string): string[] {
  return script.endsWith('.ts') ? ['--import', 'tsx'] : [];
}
