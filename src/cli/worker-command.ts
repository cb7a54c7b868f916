import type { Command } from 'commander';
import type { ContextSpec } from '../config/context-spec.js';
import { UnavailableError, ValidationError } from '../errors.js';
import { DEFAULT_LABEL, validateLabel } from '../runtime/labels.js';
import { DEFAULT_TASK_TIMEOUT_MS } from '../runtime/task-timeout.js';
import type { CliSession } from './session.js';
import { LOG_FORMATS, parseLogFormat, workerLog } from './worker-log.js';

interface WorkerFlags {
  context: string[];
  label: string[];
  concurrency: string;
  timeout: string;
  stallMs: string;
  grace: string;
  connectTimeout: string;
  logFormat: string;
}

const STALL_HELP =
  'a task whose worker died goes to another within about this long. Lower values cost more ' +
  'Redis traffic (lock renewals and stall checks every quarter of it), and a task that blocks ' +
  'its worker for more than about half of it (a long synchronous fit) may be thought stalled and run again';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `om worker`: serves tasks of some contexts and labels until SIGTERM or SIGINT. */
export function addWorkerCommand(program: Command, session: CliSession): void {
  program
    .command('worker')
    .description('serve the tasks of contexts (from this config) and labels until SIGTERM/SIGINT')
    .option('--context <name>', 'a context to serve (repeatable; default: the selected context)', collect, [])
    .option('--label <label>', `a label to serve (repeatable; default: ${DEFAULT_LABEL})`, collect, [])
    .option('--concurrency <n>', 'tasks run at once per context and label', '1')
    .option('--timeout <seconds>', 'a task running longer fails', String(DEFAULT_TASK_TIMEOUT_MS / 1000))
    .option('--stall-ms <ms>', STALL_HELP, '30000')
    .option('--grace <seconds>', 'on SIGTERM, how long running tasks may finish', '30')
    .option('--connect-timeout <seconds>', 'at start, how long to keep trying to reach the broker before exiting', '10')
    .option(
      '--log-format <format>',
      `task lines (stdout) and broker lines (stderr): ${LOG_FORMATS.join(' or ')}`,
      'text',
    )
    .action(async (flags: WorkerFlags) => {
      const { loadConfig } = await import('../config/config-file.js');
      const { resolveContext } = await import('../config/context-spec.js');
      const { openWorkerContext } = await import('../setup.js');
      const { WorkerContexts } = await import('../runtime/worker-contexts.js');
      const { TaskWorker } = await import('../runtime/bullmq/task-worker.js');
      const { BrokerUnreachableError } = await import('../runtime/bullmq/broker-connection.js');

      const names = flags.context.length > 0 ? flags.context : [session.options.context];
      // With several contexts, the environment's store and broker overrides would point them all at one place.
      const { env, stdout, stderr } = session.io;
      const specEnv = names.length > 1 ? withoutOverrides(env) : env;
      const config = loadConfig({}, env);
      const specs = names.map((context) => resolveContext({ context }, config, specEnv));
      const labels = flags.label.length > 0 ? flags.label.map(validateLabel) : [DEFAULT_LABEL];
      const byName = new Map(specs.map((spec) => [spec.name, spec]));
      const { workerSchedules } = await import('../schedules/worker-schedules.js');
      const contexts = new WorkerContexts([...byName.keys()], (name) =>
        openWorkerContext(byName.get(name) as ContextSpec),
      );
      const worker = new TaskWorker(contexts, {
        contexts: specs,
        labels,
        concurrency: positive(flags.concurrency, '--concurrency'),
        timeoutMs: positive(flags.timeout, '--timeout') * 1000,
        stallMs: positive(flags.stallMs, '--stall-ms'),
        connectTimeoutMs: positive(flags.connectTimeout, '--connect-timeout') * 1000,
        events: workerLog(parseLogFormat(flags.logFormat), stdout, stderr),
        schedules: workerSchedules(contexts),
      });
      const graceMs = positive(flags.grace, '--grace') * 1000;
      try {
        await worker.start();
      } catch (error) {
        if (!(error instanceof BrokerUnreachableError)) throw error;
        const spec = specs.find((s) => s.broker === error.broker) as ContextSpec;
        throw new UnavailableError(`${error.message} check ${brokerSetting(spec, specEnv)}`, { cause: error });
      }
      stdout.write(
        `worker ${worker.id} serving contexts ${specs.map((s) => s.name).join(', ')} on labels ${labels.join(', ')}\n`,
      );
      const signal = await session.io.stopSignal();
      stdout.write(`${signal}: finishing running tasks\n`);
      await worker.close(graceMs);
      stdout.write('worker stopped\n');
    });
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new ValidationError(`${flag} must be a positive number, got ${text}`);
  return value;
}

/** Where the broker of a context was set, for the user to check. */
function brokerSetting(spec: ContextSpec, env: NodeJS.ProcessEnv): string {
  if (env.OMEGA_BROKER_URL) return 'OMEGA_BROKER_URL';
  return `broker: in ${spec.source} (contexts.${spec.name})`;
}

/** The environment without the variables that would point every context at one store, broker or bucket. */
export function withoutOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { OMEGA_STORE_URL: _s, OMEGA_BROKER_URL: _b, OMEGA_BUCKET: _k, ...rest } = env;
  return rest;
}
