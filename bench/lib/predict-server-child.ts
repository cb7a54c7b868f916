import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { setup } from 'omegats';
import { createServer } from 'omegats/server';
import { Matrix } from '../../src/models/mljs/lib.js';

/**
 * Which server this child runs: a bare Fastify handler calling the restored model (`bare`) or
 * the context's runtime (`bare-runtime`), or omegats with auth off or on.
 */
export type RestServerKind = 'bare' | 'bare-runtime' | 'omega' | 'omega-auth';

export interface RestServerArgs {
  kind: RestServerKind;
  home: string;
  store: string;
  model: string;
}

/** What the child prints once it listens: its port, and for omega-auth the key to send. */
export interface RestServerReady {
  port: number;
  key?: string;
}

/**
 * A REST server for the rest benchmark, in its own process (the load generator gets the other
 * core), running the built package (dist/, as `om serve` does: `npm run bench` builds first). It
 * stops when its stdin closes.
 */
async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] as string) as RestServerArgs;
  const om = await setup({ home: args.home, name: 'bench', store: args.store });
  let key: string | undefined;
  let app: { listen(options: { host: string; port: number }): Promise<string>; close(): Promise<unknown> };
  if (args.kind === 'bare') {
    // The same stored model, restored once and called directly: what a hand-written service does.
    const model = (await om.models.get(args.model)) as { predict(X: Matrix): number[] };
    const bare = Fastify({ bodyLimit: 16 * 1024 * 1024 });
    bare.put('/predict', async (request) => {
      const { data } = request.body as { data: number[][] };
      return { model: args.model, result: model.predict(new Matrix(data)), resource_uri: '/predict' };
    });
    app = bare;
  } else if (args.kind === 'bare-runtime') {
    // The same path omegats takes to the model (the runtime), without the REST layer.
    const bare = Fastify({ bodyLimit: 16 * 1024 * 1024 });
    bare.put('/predict', async (request) => {
      const { data } = request.body as { data: number[][] };
      return { model: args.model, result: await om.runtime.model(args.model).predict(data), resource_uri: '/predict' };
    });
    app = bare;
  } else {
    if (args.kind === 'omega-auth') {
      key = (await om.keys.create({ name: 'bench', buckets: ['default'], roles: ['run'] })).key;
    }
    app = await createServer({ contexts: [om], auth: args.kind === 'omega-auth' });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = (app as unknown as { server: { address(): AddressInfo } }).server.address();
  const ready: RestServerReady = key === undefined ? { port } : { port, key };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const started = process.cpuUsage();
  process.stdin.resume();
  process.stdin.once('end', () => {
    // The CPU time spent serving, for whoever reads a second line (bench/profile/rest-server.ts).
    const used = process.cpuUsage(started);
    process.stdout.write(`${JSON.stringify({ cpuMicros: used.user + used.system })}\n`);
    void app.close().then(() => om.close());
  });
}

await main();
