import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import type { FiredRun, SchedulerEvents } from '../schedules/scheduler.js';
import type { CliSession } from './session.js';
import { withoutOverrides } from './worker-command.js';

interface SchedulerFlags {
  context: string[];
  pollMs: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `om scheduler`: fires the due schedules of contexts without a broker until SIGTERM or SIGINT. */
export function addSchedulerCommand(program: Command, session: CliSession): void {
  program
    .command('scheduler')
    .description(
      'fire the schedules of contexts without a broker until SIGTERM/SIGINT (any number may run: each run fires once)',
    )
    .option('--context <name>', 'a context to serve (repeatable; default: the selected context)', collect, [])
    .option('--poll-ms <ms>', 'the longest pause between two looks for new schedules', '1000')
    .action(async (flags: SchedulerFlags) => {
      const { Scheduler } = await import('../schedules/scheduler.js');
      const { setupWith } = await import('../setup.js');
      const pollMs = Number(flags.pollMs);
      if (!Number.isFinite(pollMs) || pollMs <= 0) {
        throw new ValidationError(`--poll-ms must be a positive number, got ${flags.pollMs}`);
      }
      const names = flags.context.length > 0 ? flags.context : [session.options.context];
      const { env, stdout, stderr } = session.io;
      // With several contexts, the environment's store and broker overrides would point them all at one place.
      const specEnv = names.length > 1 ? withoutOverrides(env) : env;
      const contexts: Omega[] = [];
      try {
        for (const context of names) contexts.push(await setupWith({ context }, specEnv));
        const scheduler = new Scheduler(contexts, { pollMs, events: schedulerLog(stdout, stderr) });
        const counts = await Promise.all(contexts.map(async (om) => (await om.schedules().list()).length));
        stdout.write(
          `scheduler serving contexts ${contexts.map((om, i) => `${om.context} (${counts[i]} schedules)`).join(', ')}\n`,
        );
        const stop = new AbortController();
        const running = scheduler.run(stop.signal);
        const signal = await session.io.stopSignal();
        stdout.write(`${signal}: waiting for running runs\n`);
        stop.abort();
        await running;
        stdout.write('scheduler stopped\n');
      } finally {
        await Promise.all(contexts.map((om) => om.close()));
      }
    });
}

/** One line per fired run and per ended run on stdout, errors on stderr. */
function schedulerLog(stdout: Writable, stderr: Writable): SchedulerEvents {
  const line = (to: Writable, text: string) => to.write(`${new Date().toISOString()} ${text}\n`);
  const name = (run: FiredRun) => `${run.key.prefix}${run.key.name} context=${run.context} bucket=${run.key.bucket}`;
  return {
    fired: (run) =>
      line(
        stdout,
        `fired ${name(run)} due=${run.due.toISOString()} late=${((run.fired.getTime() - run.due.getTime()) / 1000).toFixed(3)}s task=${run.taskId}`,
      ),
    finished: (run, outcome) =>
      line(stdout, `ended ${name(run)} task=${run.taskId} ${outcome.ok ? 'ok' : `failed: ${outcome.reason}`}`),
    removed: (context, key) =>
      line(
        stdout,
        `removed the schedule of ${key.prefix}${key.name} context=${context} bucket=${key.bucket}: it no longer exists`,
      ),
    error: (context, message) => line(stderr, `error in context ${context}: ${message}`),
  };
}
