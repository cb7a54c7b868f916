import type { ModelTaskMessage } from './message.js';
import type { TaskBody } from './task-submitter.js';
import { isTrainingAction } from './training/train.js';

/** What a model action needs of its task message. */
export type ModelApplication = Pick<ModelTaskMessage, 'model' | 'resolved' | 'action' | 'params' | 'X' | 'Y'>;

/**
 * Whether a model action reads nothing but its model and writes nothing: a prediction, score or
 * transform of literal data whose result is not stored.
 */
export function readsOnlyItsModel(body: TaskBody): body is TaskBody & ModelApplication {
  if (body.task !== 'model' || isTrainingAction(body.action) || body.resultName !== undefined) return false;
  return (body.X === undefined || 'inline' in body.X) && (body.Y === undefined || 'inline' in body.Y);
}
