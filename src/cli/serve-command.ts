import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { CliSession } from './session.js';

interface ServeFlags {
  context: string[];
  host: string;
  port: string;
  auth: boolean;
  tlsCert?: string;
  tlsKey?: string;
  rateLimit?: string;
  bodyLimit: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `om serve`: the REST API of some contexts until SIGTERM or SIGINT (API.md §10). */
export function addServeCommand(program: Command, session: CliSession): void {
  program
    .command('serve')
    .description('serve the REST API of contexts (from this config) until SIGTERM/SIGINT')
    .option('--context <name>', 'a context to serve (repeatable; the first is the default one)', collect, [])
    .option('--host <host>', 'the address to listen on; anything but loopback needs auth', '127.0.0.1')
    .option('--port <port>', 'the port to listen on (0: any free one)', '5000')
    .option('--no-auth', 'serve without API keys (loopback only)')
    .option('--tls-cert <file>', 'serve HTTPS with this certificate (PEM), with --tls-key')
    .option('--tls-key <file>', 'the private key (PEM) of --tls-cert')
    .option('--rate-limit <n>', 'requests per minute per key (429 past it)')
    .option('--body-limit <mb>', 'the largest request body, in MB (413 past it)', '16')
    .action(async (flags: ServeFlags) => {
      if (!flags.auth && !isLoopback(flags.host)) {
        throw new ValidationError(
          `refusing to serve ${flags.host} without auth: --no-auth is accepted on loopback only (127.0.0.1, ::1, localhost)`,
        );
      }
      const port = integer(flags.port, '--port', 0, 65535);
      const https = tlsOf(flags);
      const names = flags.context.length > 0 ? flags.context : [session.options.context];
      const { env, stdout } = session.io;
      // With several contexts, the environment's store and broker overrides would point them all at one place.
      const contextEnv = names.length > 1 ? withoutOverrides(env) : env;
      const { local } = session.options;
      // Fastify loads here, not with `om --help`.
      const [{ createServer }, { tuneHeapForServing }] = await Promise.all([
        import('../server/create-server.js'),
        import('../server/serving-heap.js'),
      ]);
      tuneHeapForServing();
      const app = await createServer({
        contexts: names.map((context) => ({ context, local })),
        auth: flags.auth,
        bodyLimit: integer(flags.bodyLimit, '--body-limit', 1, 1024 * 1024) * 1024 * 1024,
        ...(flags.rateLimit === undefined ? {} : { rateLimit: integer(flags.rateLimit, '--rate-limit', 1) }),
        ...(https ? { https } : {}),
        env: contextEnv,
      });
      try {
        await app.listen({ host: flags.host, port });
      } catch (error) {
        await app.close();
        throw error;
      }
      stdout.write(
        `serving contexts ${app.served.names.join(', ')} on ${urlOf(app.server.address(), https !== undefined)} (auth ${flags.auth ? 'on: API keys' : 'off'})\n`,
      );
      const signal = await session.io.stopSignal();
      stdout.write(`${signal}: stopping\n`);
      await app.close();
      stdout.write('server stopped\n');
    });
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}

function tlsOf(flags: ServeFlags): { cert: Buffer; key: Buffer } | undefined {
  if (flags.tlsCert === undefined && flags.tlsKey === undefined) return undefined;
  if (flags.tlsCert === undefined || flags.tlsKey === undefined) {
    throw new ValidationError('give both --tls-cert and --tls-key, or neither');
  }
  return { cert: readPem(flags.tlsCert, '--tls-cert'), key: readPem(flags.tlsKey, '--tls-key') };
}

function readPem(file: string, flag: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new ValidationError(`${flag} ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

function integer(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`${flag} must be a whole number from ${min} to ${max}, got ${text}`);
  }
  return value;
}

function urlOf(address: ReturnType<import('node:net').Server['address']>, tls: boolean): string {
  const scheme = tls ? 'https' : 'http';
  if (address === null || typeof address === 'string') return `${scheme}://${address}`;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
}

function withoutOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { OMEGA_STORE_URL: _s, OMEGA_BROKER_URL: _b, OMEGA_BUCKET: _k, ...rest } = env;
  return rest;
}
