import type { Command } from 'commander';
import type { Omega } from '../omega.js';
import { type FlowInfo, stepCounts } from '../runtime/flow/flow-state.js';
import type { Runtime } from '../runtime/runtime.js';
import { alignColumns } from './render.js';
import type { CliSession } from './session.js';
import { timeoutSeconds } from './task-wait.js';

type WithRuntime = <T>(work: (runtime: Runtime, om: Omega) => Promise<T>) => Promise<T>;

/** Adds `om runtime flow <id> [--wait [--timeout S]]`. */
export function addFlowCommands(group: Command, withRuntime: WithRuntime, session: CliSession): void {
  group
    .command('flow')
    .description('a flow (sequence, parallel, mapreduce): where each of its steps is')
    .argument('<id>', 'the flow id')
    .option('--wait', 'wait until the flow has ended first (exit 1 if it failed)')
    .option('--timeout <seconds>', 'with --wait: give up after this many seconds', timeoutSeconds)
    .action((id: string, flags: { wait?: boolean; timeout?: number }) =>
      withRuntime(async (runtime) => {
        const flow = runtime.flow(id);
        let failure: unknown;
        if (flags.wait) {
          await flow
            .result({ timeoutMs: flags.timeout === undefined ? undefined : flags.timeout * 1000 })
            .catch((error: unknown) => {
              failure = error;
            });
        }
        session.print(await flow.info(), flowLines);
        if (failure !== undefined) throw failure;
      }),
    );
}

/** `<kind> of N: <status> (d done, r running, w waiting)` */
export function flowSummary(flow: FlowInfo): string {
  const { done, running, waiting } = stepCounts(flow.steps);
  return `${flow.kind} of ${flow.steps.length}: ${flow.status} (${done} done, ${running} running, ${waiting} waiting)`;
}

/** One flow: its summary, then a line per step. */
export function flowLines(flow: FlowInfo): string[] {
  return [
    `flow ${flow.id}: ${flowSummary(flow)}`,
    `context ${flow.context}, bucket ${flow.bucket}, submitted ${flow.submitted}`,
    '',
    ...alignColumns([
      ['step', 'status', 'label', 'action', 'object', 'task'],
      ...flow.steps.map((step) => [
        String(step.index),
        step.status,
        step.label,
        step.action,
        step.object ?? '-',
        step.reason === undefined ? step.id : `${step.id}  ${step.reason}`,
      ]),
    ]),
  ];
}

/** The flows in progress, for `om runtime status`. */
export function flowsInProgressLines(flows: readonly FlowInfo[]): string[] {
  if (flows.length === 0) return [];
  return [
    '',
    `flows in progress (${flows.length}):`,
    ...alignColumns([
      ['  id', 'kind', 'steps', 'done', 'running', 'waiting'],
      ...flows.map((flow) => {
        const { done, running, waiting } = stepCounts(flow.steps);
        return [`  ${flow.id}`, flow.kind, String(flow.steps.length), String(done), String(running), String(waiting)];
      }),
    ]),
  ];
}
