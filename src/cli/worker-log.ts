import type { Writable } from 'node:stream';
import { ValidationError } from '../errors.js';
import type { TaskRecord, WorkerEvents } from '../runtime/bullmq/worker-events.js';

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export function parseLogFormat(text: string): LogFormat {
  if ((LOG_FORMATS as readonly string[]).includes(text)) return text as LogFormat;
  throw new ValidationError(`--log-format must be ${LOG_FORMATS.join(' or ')}, got ${text}`);
}

/**
 * The lines of `om worker`: one per task on stdout, one per lost or regained broker and per
 * error on stderr; text, or one JSON object per line (`time`, `event` and the event's fields).
 */
export function workerLog(format: LogFormat, stdout: Writable, stderr: Writable): WorkerEvents {
  const write = (to: Writable, event: string, fields: Record<string, unknown>, text: string): void => {
    const time = new Date().toISOString();
    to.write(format === 'json' ? `${JSON.stringify({ time, event, ...fields })}\n` : `${time} ${text}\n`);
  };
  return {
    taskDone: (record) => write(stdout, 'task', { ...record }, taskLine(record)),
    brokerLost: (broker, reason) =>
      write(stderr, 'broker-lost', { broker, reason }, `broker ${broker} lost (${reason}); reconnecting`),
    brokerBack: (broker) => write(stderr, 'broker-back', { broker }, `broker ${broker} is back; serving again`),
    workerError: (where, message) => write(stderr, 'error', { where, message }, `error in ${where}: ${message}`),
  };
}

function taskLine(r: TaskRecord): string {
  const outcome = r.outcome === 'ok' ? 'ok' : `failed: ${(r.reason ?? '').replace(/\s*\n\s*/g, ' ')}`;
  return `task ${r.id} ${r.action} ${r.object ?? '-'} context=${r.context} label=${r.label} bucket=${r.bucket ?? '-'} ${r.seconds.toFixed(3)}s ${outcome}`;
}
