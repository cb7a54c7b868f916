/**
 * Profiles the client side of the runtime bench: `node --import tsx --cpu-prof
 * --cpu-prof-dir=/tmp/prof bench/profile/runtime-client.ts [ping|predict] [tasks]` sends `tasks`
 * tasks with 64 in flight to one `om worker` on OMEGA_TEST_REDIS_URL and prints the client's CPU
 * time per task. Summarise the profile with summarise.ts. WORKER_PROFILE_DIR=<dir> profiles the
 * worker process too.
 */
import { tmpdir } from 'node:os';
import { Cleanup } from '../lib/cleanup.js';
import { tempHome } from '../lib/contexts.js';
import { omegaRuntimeTarget } from '../lib/omega-runtime.js';
import { trainSmallModel } from '../lib/small-model.js';

const [op = 'ping', tasksArg = '5000'] = process.argv.slice(2);
const tasks = Number(tasksArg);
const IN_FLIGHT = 64;

async function main(): Promise<void> {
  const redisUrl = process.env.OMEGA_TEST_REDIS_URL;
  if (!redisUrl) throw new Error('set OMEGA_TEST_REDIS_URL');
  const cleanup = new Cleanup();
  try {
    const home = await tempHome(tmpdir(), cleanup);
    const { model, inputs } = trainSmallModel();
    const workerProfile = process.env.WORKER_PROFILE_DIR;
    const nodeFlags = workerProfile ? ['--cpu-prof', `--cpu-prof-dir=${workerProfile}`] : [];
    const { target } = await omegaRuntimeTarget({ home, redisUrl, concurrency: IN_FLIGHT, model, nodeFlags }, cleanup);
    for (const round of ['warm-up', 'measured']) {
      const count = round === 'warm-up' ? 500 : tasks;
      const before = process.cpuUsage();
      const started = performance.now();
      let next = 0;
      const lane = async () => {
        while (next < count) {
          next++;
          await target.send(op === 'predict' ? 'predict' : 'ping', inputs[0] as number[]).result;
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
      const used = process.cpuUsage(before);
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `${round}: ${count} ${op} in ${seconds.toFixed(2)} s, ${(count / seconds).toFixed(0)} tasks/s, client ${((used.user + used.system) / count).toFixed(0)} µs CPU per task`,
      );
    }
  } finally {
    await cleanup.run();
  }
}

await main();
