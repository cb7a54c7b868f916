import type { Readable, Writable } from 'node:stream';

/**
 * Everything `om` takes from and gives to its process: main.ts passes the real ones, tests pass
 * buffers and an environment of their own (the program runs in-process, as Fastify's `inject`).
 */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** The environment that contexts are resolved from (OMEGA_HOME, OMEGA_CONTEXT, …). */
  readonly env: NodeJS.ProcessEnv;
  /** Whether stdout and stderr are terminals: colours and progress lines only there. */
  readonly isTTY: { readonly stdout: boolean; readonly stderr: boolean };
  /** Resolves with the name of the first stop signal (SIGTERM, SIGINT) the process gets. */
  stopSignal(): Promise<string>;
}
