import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import { TASK_STATUSES, type TaskInfo, type TaskStatus } from '../runtime/executor.js';
import type { Runtime } from '../runtime/runtime.js';
import { alignColumns } from './render.js';
import type { CliSession } from './session.js';

type WithRuntime = <T>(work: (runtime: Runtime, om: Omega) => Promise<T>) => Promise<T>;

/** Adds `om runtime cancel <id>`, `om runtime tasks [--label L] [--state S]`, `om runtime purge --label L [--force]`. */
export function addTaskCommands(group: Command, withRuntime: WithRuntime, session: CliSession): void {
  group
    .command('cancel')
    .description('remove a queued task (a running one cannot be interrupted)')
    .argument('<id>', 'the task id')
    .action((id: string) =>
      withRuntime(async (runtime) => {
        await runtime.cancel(id);
        session.print({ id, cancelled: true }, () => [`cancelled task ${id}`]);
      }),
    );

  group
    .command('tasks')
    .description('tasks with their label, state, worker, action and age (newest first, 100 per label and state)')
    .option('--label <label>', 'only this label')
    .option('--state <state>', `only this state: ${TASK_STATUSES.join(', ')}`, taskState)
    .action((flags: { label?: string; state?: TaskStatus }) =>
      withRuntime(async (runtime) =>
        session.print(await runtime.tasks({ label: flags.label, status: flags.state }), (tasks) => taskLines(tasks)),
      ),
    );

  group
    .command('purge')
    .description('remove the queued tasks of a label (running ones go on)')
    .requiredOption('--label <label>', 'the label whose queued tasks go')
    .option('--force', 'really remove them (without it: say how many would go)')
    .action((flags: { label: string; force?: boolean }) =>
      withRuntime(async (runtime) => {
        const purged = await runtime.purge(flags.label, { force: flags.force });
        session.print({ label: flags.label, purged }, () => [
          `purged ${purged} queued task${purged === 1 ? '' : 's'} of label ${flags.label}`,
        ]);
      }),
    );
}

function taskState(value: string): TaskStatus {
  if (!(TASK_STATUSES as readonly string[]).includes(value)) {
    throw new ValidationError(`--state takes one of ${TASK_STATUSES.join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value as TaskStatus;
}

function taskLines(tasks: TaskInfo[]): string[] {
  if (tasks.length === 0) return ['no tasks'];
  const now = Date.now();
  return alignColumns([
    ['id', 'label', 'state', 'worker', 'action', 'object', 'age'],
    ...tasks.map((task) => [
      task.id,
      task.label,
      task.status,
      task.worker ?? '-',
      task.action,
      task.object ?? '-',
      age(now - Date.parse(task.submitted)),
    ]),
  ]);
}

function age(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}
