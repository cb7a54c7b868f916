import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { runOm } from '../../src/cli/program.js';
import { type EngineName, type TestSite, testSite } from '../helpers/engines.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
// The built CLI (npm test builds first): what `npx om` runs, and much faster to start than tsx.
const MAIN = join(REPO, 'dist', 'cli', 'main.js');

/** Variables that would select another context, store or bucket than the test's. */
const SELECTING_ENV = ['OMEGA_CONTEXT', 'OMEGA_CONFIG', 'OMEGA_STORE_URL', 'OMEGA_BROKER_URL', 'OMEGA_BUCKET'];

export interface OmResult {
  status: number | null;
  stdout: Buffer;
  /** stdout as UTF-8 text */
  out: string;
  stderr: string;
}

/** A test site whose config.yml defines (and makes default) a context on the engine. */
export interface CliSite extends TestSite {
  contextName: string;
  /** The store URL of that context. */
  store: string;
  /** Runs `om ...args` in-process with OMEGA_HOME set to the site's home. */
  om(args: string[], input?: Buffer | string): Promise<OmResult>;
  /** Runs `om --context <contextName> ...args` in-process. */
  omc(args: string[], input?: Buffer | string): Promise<OmResult>;
}

export function cliSite(engine: EngineName, contextName = 'clitest'): CliSite {
  const site = testSite(engine);
  const store = site.storeUrl();
  writeFileSync(
    join(site.home, 'config.yml'),
    `context: ${contextName}\ncontexts:\n  ${contextName}:\n    store: ${store}\n`,
  );
  const om = (args: string[], input?: Buffer | string): Promise<OmResult> => omInProcess(site.home, args, input);
  return { ...site, contextName, store, om, omc: (args, input) => om(['--context', contextName, ...args], input) };
}

/** A CLI site for a suite, with a `files` folder for inputs and outputs; set up and removed around it. */
export interface CliSuite {
  site: CliSite;
  files: string;
}

/** Creates the suite's CLI site before its tests and cleans it up after them. Call inside `describe`. */
export function cliSuite(engine: EngineName): CliSuite {
  const suite = {} as CliSuite;
  before(() => {
    suite.site = cliSite(engine);
    suite.files = join(suite.site.home, 'files');
    mkdirSync(suite.files);
  });
  after(() => suite.site.cleanup());
  return suite;
}

/** The environment `om` runs with: the test's own, with OMEGA_HOME = `home` and nothing selecting another context. */
function omEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OMEGA_HOME: home };
  for (const name of SELECTING_ENV) delete env[name];
  return env;
}

/**
 * Runs `om ...args` in this process (as Fastify's `inject`): the program of the CLI with `input` as
 * stdin, its output captured, OMEGA_HOME = `home` given through its environment; `tty` makes it
 * believe that stdout and stderr are terminals (progress lines).
 */
export async function omInProcess(
  home: string,
  args: string[],
  input?: Buffer | string,
  tty = false,
): Promise<OmResult> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = Readable.from(input === undefined ? [] : [Buffer.from(input)], { objectMode: false });
  const status = await runOm(args, {
    stdin,
    stdout,
    stderr,
    env: omEnv(home),
    isTTY: { stdout: tty, stderr: tty },
    stopSignal: () => new Promise<string>(() => undefined),
  });
  const bytes = stdout.bytes();
  return { status, stdout: bytes, out: bytes.toString('utf8'), stderr: stderr.bytes().toString('utf8') };
}

/** Spawns the real, built CLI, as a user runs it: for exit codes, signals and pipes. */
export function spawnOm(
  home: string,
  args: string[],
  input?: Buffer | string,
  options: { timeoutMs?: number } = {},
): OmResult {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npm run build (npm test does it)`);
  const result: SpawnSyncReturns<Buffer> = spawnSync(process.execPath, [MAIN, ...args], {
    cwd: REPO,
    env: omEnv(home),
    input,
    maxBuffer: 64 * 1024 * 1024,
    timeout: options.timeoutMs,
  });
  if (result.error) throw result.error;
  return {
    status: result.status,
    stdout: result.stdout,
    out: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
  };
}

/** A stream that keeps what is written to it. */
class Capture extends Writable {
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    done();
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** The non-empty lines of stderr. */
export function errorLines(result: OmResult): string[] {
  return result.stderr.split('\n').filter((line) => line !== '');
}

/** Flips the first byte of a stored blob in place, so that reading it fails its hash check. */
export async function corruptBlob(engine: EngineName, site: CliSite, sha256: string): Promise<void> {
  if (engine === 'sqlite') {
    const dbPath = join(site.home, site.store.slice('sqlite:'.length));
    const fd = openSync(join(dbPath.replace(/\.db$/, '.blobs'), sha256.slice(0, 2), sha256), 'r+');
    try {
      const first = Buffer.alloc(1);
      readSync(fd, first, 0, 1, 0);
      writeSync(fd, Buffer.from([(first[0] ?? 0) ^ 0xff]), 0, 1, 0);
    } finally {
      closeSync(fd);
    }
    return;
  }
  const client = new pg.Client({ connectionString: site.store });
  await client.connect();
  try {
    const updated = await client.query(
      `update omega_blob_chunk set data = set_byte(data, 0, get_byte(data, 0) # 255)
       where seq = 0 and upload = (select upload from omega_blob where sha256 = $1)`,
      [sha256],
    );
    if (updated.rowCount !== 1) throw new Error(`blob ${sha256} was not found to corrupt`);
  } finally {
    await client.end();
  }
}
