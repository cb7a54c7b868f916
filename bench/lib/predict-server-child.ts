import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { setup } from 'omegats';
import { Matrix } from '../../src/models/mljs/lib.js';

/**
 * The hand-written services the rest benchmark compares `om serve` with: a bare Fastify handler
 * calling the restored model (`bare`) or the context's runtime (`bare-runtime`).
 */
export type BareServerKind = 'bare' | 'bare-runtime';

export interface BareServerArgs {
  kind: BareServerKind;
  home: string;
  model: string;
}

/**
 * A bare server in its own process (the load generator gets the other core), running the built
 * package (dist/). It prints `{ port }` once it listens and stops when its stdin closes.
 */
async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] as string) as BareServerArgs;
  const om = await setup({ home: args.home, context: 'bench' });
  const app = Fastify({ bodyLimit: 16 * 1024 * 1024 });
  if (args.kind === 'bare') {
    // The same stored model, restored once and called directly: what a hand-written service does.
    const model = (await om.models.get(args.model)) as { predict(X: Matrix): number[] };
    app.put('/predict', async (request) => {
      const { data } = request.body as { data: number[][] };
      return { model: args.model, result: model.predict(new Matrix(data)), resource_uri: '/predict' };
    });
  } else {
    // The same path omegats takes to the model (the runtime), without the REST layer.
    app.put('/predict', async (request) => {
      const { data } = request.body as { data: number[][] };
      return { model: args.model, result: await om.runtime.model(args.model).predict(data), resource_uri: '/predict' };
    });
  }
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => void app.close().then(() => om.close()));
}

await main();
