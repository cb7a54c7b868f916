// Runs a fixture from test/fixtures/ in a child Node process (through tsx) and follows its
// stdout line by line. Not a test file itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type EngineName, type TestSite, testSite } from '../helpers/engines.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Fixture {
  readonly process: ChildProcess;
  /** Every complete stdout line so far. */
  readonly lines: string[];
  /** Resolves with the first stdout line starting with `prefix`; rejects if the child exits first. */
  waitFor(prefix: string): Promise<string>;
  /** Sends one line to the child's stdin. */
  send(line: string): void;
  readonly exited: Promise<Exit>;
  /** A readable account of the child's end, for assertion messages. */
  describe(exit: Exit): string;
}

export function runFixture(fixture: string, args: readonly string[]): Fixture {
  const child = spawn(process.execPath, ['--import', 'tsx', `test/fixtures/${fixture}`, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { prefix: string; resolve: (line: string) => void }[] = [];
  let stdout = '';
  let stderr = '';
  let partial = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    partial += text;
    const parts = partial.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => line.startsWith(w.prefix))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  child.stdin.on('error', () => undefined); // the child may be gone already
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const describe = (exit: Exit) =>
    `${fixture} ${args.join(' ')} ended with code ${exit.code} signal ${exit.signal}\n` +
    `--- stderr ---\n${exit.stderr.slice(-4000)}\n--- stdout (tail) ---\n${exit.stdout.slice(-1000)}`;
  return {
    process: child,
    lines,
    exited,
    describe,
    send(line) {
      child.stdin.write(`${line}\n`);
    },
    waitFor(prefix) {
      const seen = lines.find((line) => line.startsWith(prefix));
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        waiters.push({ prefix, resolve });
        void exited.then((exit) => reject(new Error(`waiting for ${prefix}: ${describe(exit)}`)));
      });
    },
  };
}

/** Kills a child that is still running (test clean-up after a failure). */
export function reap(fixture: Fixture | undefined): void {
  const child = fixture?.process;
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A fresh site per test, and the fixture process it starts, killed and cleaned up after each test. */
export interface ChildSuite {
  readonly site: TestSite;
  /** Runs a fixture as `runFixture` does; it is reaped after the test. */
  start(name: string, args: string[]): Fixture;
}

/** Sets up a ChildSuite around each test of the enclosing `describe`. */
export function childSuite(engine: EngineName): ChildSuite {
  let site: TestSite | undefined;
  let child: Fixture | undefined;
  beforeEach(() => {
    site = testSite(engine);
    child = undefined;
  });
  afterEach(async () => {
    reap(child);
    await child?.exited;
    await site?.cleanup();
  });
  return {
    get site() {
      if (!site) throw new Error('childSuite: site is made before each test');
      return site;
    },
    start(name, args) {
      child = runFixture(name, args);
      return child;
    },
  };
}
