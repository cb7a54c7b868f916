import { REST_TARGETS, type RestResult, type RestRun } from '../rest.js';

/** The rest section of the report: three servers side by side, the ratios, the async path. */
export function printRest(result: RestResult): void {
  const { options } = result;
  console.log(
    `\nrest: PUT /api/v1/model/<small>/predict, 1 row, ${options.connections} connections, ${options.seconds} s each, the median run of ${options.repeat} alternating rounds (autocannon, loopback; server in its own process)`,
  );
  const line = (label: string, run: RestRun) =>
    `${label.padEnd(28)} ${run.requestsPerSec.toFixed(0).padStart(8)} ${run.p50Ms.toFixed(1).padStart(7)} ${run.p99Ms.toFixed(1).padStart(7)} ${String(run.failed).padStart(7)}`;
  console.log(
    `${'server'.padEnd(28)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'failed'.padStart(7)}`,
  );
  console.log(line('bare Fastify + model', result.bare));
  console.log(line('bare Fastify + om.runtime', result.bareRuntime));
  console.log(line('omegats, auth off', result.omega));
  console.log(line('omegats, API key', result.omegaAuth));
  console.log(
    `ratio omegats/bare ${result.serverRatio.toFixed(2)} (goal ≥ ${REST_TARGETS.serverRatio}); omegats/(bare + runtime) ${result.layerRatio.toFixed(2)}; auth on/off ${result.authRatio.toFixed(2)} (goal ≥ ${REST_TARGETS.authRatio})${result.ok ? '' : ' — BELOW GOAL or failures'}`,
  );
  const rounds = (ratios: number[]) => ratios.map((ratio) => ratio.toFixed(2)).join(' ');
  console.log(
    `the ratios are medians of each round's (its runs back to back): omegats/bare ${rounds(result.roundRatios.server)}; auth on/off ${rounds(result.roundRatios.auth)}`,
  );
  const { async } = result;
  console.log(
    `async: ${async.tasks} tasks submitted with ?async=true and polled: ${async.seconds.toFixed(1)} s, ${async.tasksPerSec.toFixed(0)} tasks/s`,
  );
}
