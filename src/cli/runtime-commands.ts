import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import { MODEL_ACTIONS, type ModelAction } from '../runtime/model-actions.js';
import type { Runtime } from '../runtime/runtime.js';
import type { RuntimeStatus } from '../runtime/runtime-status.js';
import type { Task } from '../runtime/task.js';
import { addArchiveCommands } from './archive-commands.js';
import { dataArgument, keyValues } from './cli-values.js';
import { addFlowCommands, flowsInProgressLines } from './flow-commands.js';
import { createElapsed, progressTerminal } from './progress.js';
import { alignColumns, metadataLines, modelSummary, pongLine } from './render.js';
import { addTaskCommands } from './runtime-task-commands.js';
import { scheduleStatus, scheduleStatusLines } from './schedule-status.js';
import type { CliSession } from './session.js';
import { timeoutSeconds, waitForTask } from './task-wait.js';

interface RuntimeFlags {
  require?: string;
}

interface WaitFlags {
  async?: boolean;
  timeout?: number;
}

interface JobFlags extends WaitFlags {
  runTimeout?: number;
}

interface ModelFlags extends WaitFlags {
  result?: string;
  param: string[];
}

const TIMEOUT_HELP = 'give up waiting after this many seconds (exit 1; the task goes on)';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `om runtime [--require L] model|script|job|ping|status|result|flow|cancel|tasks|purge`. */
export function addRuntimeCommands(program: Command, session: CliSession): void {
  const group = program
    .command('runtime')
    .description('run models, scripts and jobs on the runtime (workers of a label, or in-process with --local)')
    .option('--require <label>', 'send tasks to the workers of this label')
    .enablePositionalOptions();
  const withRuntime = <T>(work: (runtime: Runtime, om: Omega) => Promise<T>): Promise<T> =>
    session.withOmega((om) => {
      const { require } = group.opts<RuntimeFlags>();
      return work(require === undefined ? om.runtime : om.runtime.require(require), om);
    });

  group
    .command('model')
    .description(`run a model action: ${MODEL_ACTIONS.join(', ')}`)
    .argument('<name>', 'the model (name@tag, name^ for other versions)')
    .argument('<action>', 'the action')
    .argument('[X]', 'a dataset name (name[a,b] projects columns) or literal rows as JSON')
    .argument('[Y]', 'targets: a dataset name or JSON')
    .option('--result <name>', 'store the result as this dataset')
    .option('--param <k=v>', 'a parameter for the model (repeatable)', collect, [])
    .option('--async', 'print the task id and return at once')
    .option('--timeout <seconds>', TIMEOUT_HELP, timeoutSeconds)
    .action((name: string, action: string, X: string | undefined, Y: string | undefined, flags: ModelFlags) =>
      withRuntime(async (runtime, om) => {
        if (!(MODEL_ACTIONS as readonly string[]).includes(action)) {
          throw new ValidationError(`${action} is not a model action (actions: ${MODEL_ACTIONS.join(', ')})`);
        }
        if (X === undefined) throw new ValidationError(`${action} needs X: a dataset name or literal rows`);
        const model = runtime.model(name);
        const options = { resultName: flags.result, params: keyValues(flags.param, '--param') };
        const x = dataArgument(X, 'X');
        const y = Y === undefined ? undefined : dataArgument(Y, 'Y');
        const task = modelTask(model, action as ModelAction, x, y, options);
        const elapsed =
          action === 'fit' && !flags.async ? createElapsed(progressTerminal(session.io), `${name} fit:`) : null;
        await finish(session, om, task, flags).finally(() => elapsed?.done());
      }),
    );

  group
    .command('script')
    .description('run a script: its run(om, payload) gets the k=v pairs as payload')
    .argument('<name>', 'the script')
    .argument('[args...]', "'run' (optional), then k=v pairs")
    .option('--async', 'print the task id and return at once')
    .option('--timeout <seconds>', TIMEOUT_HELP, timeoutSeconds)
    .action((name: string, args: string[], flags: WaitFlags) =>
      withRuntime(async (runtime, om) => {
        const pairs = args[0] === 'run' ? args.slice(1) : args;
        await finish(session, om, runtime.script(name).run(keyValues(pairs, 'argument')), flags);
      }),
    );

  group
    .command('job')
    .description("run a job's notebook: k=v pairs are its params (assigned after the cell tagged parameters)")
    .argument('<name>', 'the job')
    .argument('[args...]', "'run' (optional), then k=v pairs")
    .option('--async', 'print the task id and return at once')
    .option('--timeout <seconds>', TIMEOUT_HELP, timeoutSeconds)
    .option(
      '--run-timeout <seconds>',
      'the run fails (its result notebook still stored) after this many seconds',
      timeoutSeconds,
    )
    .action((name: string, args: string[], flags: JobFlags) =>
      withRuntime(async (runtime, om) => {
        const pairs = args[0] === 'run' ? args.slice(1) : args;
        const timeoutMs = flags.runTimeout === undefined ? undefined : Math.ceil(flags.runTimeout * 1000);
        await finish(session, om, runtime.job(name).run({ params: keyValues(pairs, 'argument'), timeoutMs }), flags);
      }),
    );

  group
    .command('ping')
    .description('a round trip to a worker of the label (or to this process with --local)')
    .option('--timeout <seconds>', TIMEOUT_HELP, timeoutSeconds)
    .action((flags: WaitFlags) =>
      withRuntime(async (runtime, om) => {
        const started = performance.now();
        const pong = await waitForTask(session, om.context, runtime.ping(), flags.timeout);
        session.print(pong, () => [pongLine(pong, performance.now() - started)]);
      }),
    );

  group
    .command('status')
    .description(
      'workers, their labels and contexts, queue depths, labels with waiting tasks and no worker, flows in progress, schedules',
    )
    .action(() =>
      withRuntime(async (runtime, om) => {
        const [described, flows] = await Promise.all([runtime.status(), runtime.flows()]);
        const status = { ...described, flows, schedules: await scheduleStatus(om) };
        session.print(status, (shown) => [
          ...statusLines(shown, session.io.isTTY.stdout),
          ...flowsInProgressLines(shown.flows),
          ...scheduleStatusLines(shown.schedules, om.spec.broker !== null),
        ]);
      }),
    );

  group
    .command('result')
    .description('the result of a task (waits until it has ended)')
    .argument('<id>', 'the task id')
    .option('--timeout <seconds>', TIMEOUT_HELP, timeoutSeconds)
    .action((id: string, flags: WaitFlags) =>
      withRuntime(async (runtime, om) =>
        session.print(await waitForTask(session, om.context, runtime.task(id), flags.timeout), resultLines),
      ),
    );

  group
    .command('rotate-secret')
    .description("a new key for signing the context's task messages (the old one is accepted for 5 more minutes)")
    .action(() =>
      withRuntime(async (runtime, om) => {
        await runtime.rotateSecret();
        session.print({ context: om.context, rotated: true }, () => [
          `context ${om.context}: new runtime secret; workers refuse the old one from 5 minutes on`,
        ]);
      }),
    );

  addTaskCommands(group, withRuntime, session);
  addArchiveCommands(group, session);
  addFlowCommands(group, withRuntime, session);
}

function modelTask(
  model: ReturnType<Runtime['model']>,
  action: ModelAction,
  X: unknown,
  Y: unknown,
  options: { resultName?: string; params: Record<string, unknown> },
): Task<unknown> {
  switch (action) {
    case 'predict':
    case 'predictProba':
    case 'transform':
      return model[action](X, options);
    default:
      return model[action](X, Y, options);
  }
}

async function finish(session: CliSession, om: Omega, task: Task<unknown>, flags: WaitFlags): Promise<void> {
  if (flags.async) {
    await task.submitted();
    session.print({ id: task.id }, ({ id }) => [id]);
    return;
  }
  session.print(await waitForTask(session, om.context, task, flags.timeout), resultLines);
}

function resultLines(result: unknown): string[] {
  if (isMetadata(result) && result.prefix === 'jobs/')
    return [`ran ${String(result.attributes.source_job)}: result jobs/${result.name}`];
  if (isMetadata(result)) return result.prefix === 'models/' ? [modelSummary(result)] : metadataLines(result);
  return jsonLines(result);
}

function jsonLines(value: unknown): string[] {
  return [JSON.stringify(value)];
}

function isMetadata(value: unknown): value is Parameters<typeof metadataLines>[0] {
  return typeof value === 'object' && value !== null && 'kindMeta' in value && 'prefix' in value;
}

/** Workers, then queues; a label with waiting tasks and no worker is marked (in red on a terminal). */
function statusLines(status: RuntimeStatus, tty: boolean): string[] {
  const warn = (text: string) => (tty ? `\u001b[1;31m${text}\u001b[0m` : text);
  const now = Date.now();
  const lines = [`context ${status.context}, broker ${status.broker}`, '', `workers (${status.workers.length}):`];
  lines.push(
    ...alignColumns([
      ['  id', 'labels', 'contexts', 'last heartbeat'],
      ...status.workers.map((w) => [
        `  ${w.id}`,
        w.labels.join(','),
        w.contexts.join(','),
        `${Math.max(0, Math.round((now - Date.parse(w.heartbeat)) / 1000))} s ago`,
      ]),
    ]),
  );
  lines.push('', `queues (${status.queues.length}):`);
  const rows = alignColumns([
    ['  label', 'waiting', 'running', 'failed', 'workers'],
    ...status.queues.map((q) => [
      `  ${q.label}`,
      String(q.waiting),
      String(q.running),
      String(q.failed),
      String(q.workers),
    ]),
  ]);
  lines.push(
    ...rows.map((row, i) =>
      i > 0 && status.unserved.includes(status.queues[i - 1]?.label ?? '') ? warn(`${row}  <- no worker`) : row,
    ),
  );
  if (status.unserved.length > 0) {
    lines.push(
      '',
      warn(
        `waiting with no worker: ${status.unserved.join(', ')} (start one: om worker --label ${status.unserved[0]})`,
      ),
    );
  }
  for (const entry of status.malformed ?? []) lines.push('', warn(`skipped a malformed worker entry: ${entry}`));
  return lines;
}
