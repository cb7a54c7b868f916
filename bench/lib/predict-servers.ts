import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Omega } from '../../src/omega.js';
import { setup } from '../../src/setup.js';
import type { BareServerArgs, BareServerKind } from './predict-server-child.js';

/** The servers of the rest benchmark: two hand-written ones, and `om serve` with auth off and on. */
export type RestServerKind = BareServerKind | 'omega' | 'omega-auth';

/** The benchmark's embedded context `bench` in OMEGA_HOME `home` (`openBenchContext`), and its model. */
export interface PredictContext {
  home: string;
  model: string;
}

/** Opens the context `bench` of OMEGA_HOME `home`, created on first use (its config entry written). */
export function openBenchContext(home: string): Promise<Omega> {
  return setup({ home, context: 'bench', create: true });
}

/** A started server: where to send predictions, with which key, and how to stop it. */
export interface PredictServer {
  url: string;
  key?: string;
  pid: number;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BARE_CHILD = fileURLToPath(new URL('./predict-server-child.ts', import.meta.url));
/** The built `om` (`npm run bench` builds first). */
const OM = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

/**
 * Starts a server of `kind` in a process of its own (`nodeArgs` go to its node, e.g. --cpu-prof):
 * the real `om serve` for omega kinds — with a fresh `run` key on the default bucket for
 * omega-auth — else the bare child.
 */
export async function startPredictServer(
  kind: RestServerKind,
  context: PredictContext,
  nodeArgs: readonly string[] = [],
): Promise<PredictServer> {
  if (kind === 'bare' || kind === 'bare-runtime') {
    const args: BareServerArgs = { kind, ...context };
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', BARE_CHILD, JSON.stringify(args)], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const { port } = JSON.parse(await firstLine(child, kind, (line) => line.startsWith('{'))) as { port: number };
    return started(child, `http://127.0.0.1:${port}/predict`, undefined, () => child.stdin?.end());
  }
  const key = kind === 'omega-auth' ? await runKey(context) : undefined;
  const flags = kind === 'omega' ? ['--no-auth'] : [];
  const child = spawn(process.execPath, [...nodeArgs, OM, 'serve', '--context', 'bench', '--port', '0', ...flags], {
    cwd: ROOT,
    env: { ...process.env, OMEGA_HOME: context.home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child, kind, (line) => line.startsWith('serving '));
  const base = /on (http:\/\/\S+)/.exec(line)?.[1];
  if (base === undefined) throw new Error(`om serve printed ${line}`);
  return started(child, `${base}/api/v1/model/${context.model}/predict`, key, () => child.kill('SIGTERM'));
}

async function runKey(context: PredictContext): Promise<string> {
  const om = await openBenchContext(context.home);
  try {
    return (await om.keys.create({ name: 'bench', buckets: ['default'], roles: ['run'] })).key;
  } finally {
    await om.close();
  }
}

/** The first line of the child's stdout that `wanted` accepts (node flags such as --trace-gc print too). */
function firstLine(child: ChildProcess, kind: RestServerKind, wanted: (line: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (wanted(line)) resolve(line);
    });
    child.once('close', (code) => reject(new Error(`the ${kind} server exited with ${code}`)));
  });
}

function started(child: ChildProcess, url: string, key: string | undefined, signal: () => void): PredictServer {
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async (): Promise<void> => {
    signal();
    await exited;
  };
  return { url, ...(key === undefined ? {} : { key }), pid: child.pid as number, stop };
}
