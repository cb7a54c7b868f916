import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchRun } from '../benches.js';

/**
 * Runs a benchmark that reports on its own (`bench/<script>`, through tsx, in a child process so
 * its timers and workers end with it) and adds what it printed to the report.
 */
export async function standaloneBench(
  { results, log }: BenchRun,
  script: string,
  args: readonly string[],
): Promise<void> {
  const path = fileURLToPath(new URL(`../${script}`, import.meta.url));
  log(`${script} ${args.join(' ')}`);
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    out += text;
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`bench/${script} exited with ${code}`);
  results.notices.push(`\n${script} (${args.join(' ')}):\n${out.trimEnd()}`);
}
