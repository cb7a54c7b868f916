/**
 * Serves one context over REST (auth off, loopback, an ephemeral port) in a process of its own,
 * so that its RSS is the server's, running the built package with the heap tuned (dist/, as `om serve`
 * does):
 * `node --import tsx bench/lib/rest-server-child.ts '<ServerJob>'`
 * prints one `{ port, startRssMB }` line; a line on stdin closes it, and it prints `{ peakRssMB }`.
 */
import type { AddressInfo } from 'node:net';
import { createServer, tuneHeapForServing } from 'omegats/server';
import { MiB } from './timing.js';

export interface ServerJob {
  home: string;
  context: string;
  store: string;
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as ServerJob;
  tuneHeapForServing();
  const app = await createServer({ contexts: [{ home: job.home, name: job.context, store: job.store }], auth: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port, startRssMB: process.memoryUsage().rss / MiB })}\n`);
  process.stdin.setEncoding('utf8');
  for await (const _line of process.stdin) break;
  await app.close();
  process.stdout.write(`${JSON.stringify({ peakRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
