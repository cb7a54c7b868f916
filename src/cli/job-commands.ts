import { Readable } from 'node:stream';
import type { Command } from 'commander';
import type { JobRun } from '../jobs/run-history.js';
import { writeFileAtomically } from './local-files.js';
import { alignColumns, count, objectLabel, putSummary } from './render.js';
import type { CliSession } from './session.js';

/** Adds `om jobs put|get|runs`: notebooks from and to local files, and each job's run history. */
export function addJobCommands(jobs: Command, session: CliSession): void {
  jobs
    .command('put')
    .description(
      'store a Jupyter notebook of JavaScript/TypeScript cells (.ipynb) or one module (.js, .mjs, .ts, .mts) as a job',
    )
    .argument('<file>', 'the notebook or module')
    .argument('<name>', 'the job name (name and name.ipynb are the same job)')
    .action((file: string, name: string) =>
      session.withOmega(async (om) => {
        const meta = await om.jobs.put(file, name);
        session.print(meta, (stored) => [
          `${putSummary(stored)}, ${count(Number(stored.kindMeta.cells), 'code cell')} (${stored.kindMeta.language})`,
        ]);
      }),
    );

  jobs
    .command('get')
    .description('write a job or result notebook to a local .ipynb file, or - for stdout')
    .argument('<name>', 'the job, or a result notebook (results/<name>_<stamp>.ipynb)')
    .argument('<file>', 'the file to write, or - for stdout')
    .action((name: string, file: string) =>
      session.withOmega(async (om) => {
        const text = `${JSON.stringify(await om.jobs.get(name), null, 1)}\n`;
        if (file === '-') {
          session.io.stdout.write(text);
          return;
        }
        await writeFileAtomically(file, Readable.from([Buffer.from(text, 'utf8')]));
        session.print({ name, file }, () => [`wrote ${objectLabel(om.jobs, name)} to ${file}`]);
      }),
    );

  jobs
    .command('runs')
    .description("a job's runs, oldest first: start time, status, seconds, result notebook, error")
    .argument('<name>', 'the job')
    .action((name: string) =>
      session.withOmega(async (om) => {
        session.print(await om.jobs.runs(name), runLines);
      }),
    );
}

function runLines(runs: JobRun[]): string[] {
  if (runs.length === 0) return ['no runs yet'];
  return alignColumns([
    ['AT', 'STATUS', 'SECONDS', 'RESULT', 'MESSAGE'],
    ...runs.map((run) => [run.at.toISOString(), run.status, run.seconds.toFixed(3), run.result, run.message ?? '']),
  ]);
}
