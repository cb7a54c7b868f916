import { DEFAULT_LABEL } from './labels.js';
import type { TaskMessage } from './message.js';
import { MESSAGE_VERSION } from './message-version.js';
import type { TaskBody } from './task-submitter.js';

/** Where a task runs: the handle's context and bucket, and the label chosen for it. */
export interface TaskAddress {
  context: string;
  bucket: string;
  /** Set by `require(label)`; beats the label bound in the object's metadata. */
  required?: string | undefined;
  /** The label bound in the object's metadata, if any. */
  bound?: string | undefined;
}

/** A task's body in its envelope: id, context, bucket, label (required, else bound, else default), time. */
export function taskMessage(id: string, address: TaskAddress, body: TaskBody, flow?: TaskMessage['flow']): TaskMessage {
  const label = address.required ?? address.bound ?? DEFAULT_LABEL;
  const submitted = new Date().toISOString();
  const { context, bucket } = address;
  // The body comes last: keys added after a spread make a slow object (several µs per task,
  // and as much again in every step that reads it).
  if (flow === undefined) return { v: MESSAGE_VERSION, id, context, bucket, label, submitted, ...body } as TaskMessage;
  return { v: MESSAGE_VERSION, id, context, bucket, label, submitted, flow, ...body } as TaskMessage;
}
