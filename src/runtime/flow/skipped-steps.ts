import { dropTempData } from '../data-refs.js';
import type { TaskMessage } from '../message.js';
import type { RuntimeScope } from '../runtime-scope.js';
import type { FlowStepInfo } from './flow-state.js';

/**
 * Drops the temp datasets (large literal X or Y) of the steps that never ran: a runner drops a
 * step's own when it ends, but a skipped step never reaches one. Literal data never stays behind.
 */
export async function dropSkippedTempData(
  om: RuntimeScope,
  steps: readonly FlowStepInfo[],
  messageOf: (step: FlowStepInfo) => Promise<TaskMessage | null>,
): Promise<void> {
  for (const step of steps) {
    if (step.status !== 'skipped') continue;
    const message = await messageOf(step);
    if (message?.task !== 'model') continue;
    await dropTempData(om.bucket(message.bucket), message.id, { X: message.X, Y: message.Y });
  }
}
