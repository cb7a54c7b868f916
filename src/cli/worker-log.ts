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
  const write = (to: (line: string) => void, event: string, fields: Record<string, unknown>, text: string): void => {
    const time = new Date().toISOString();
    to(format === 'json' ? `${JSON.stringify({ time, event, ...fields })}\n` : `${time} ${text}\n`);
  };
  const tasks = batchedLines(stdout);
  const problems = (line: string) => stderr.write(line);
  return {
    taskDone: (record) => write(tasks, 'task', { ...record }, taskLine(record)),
    brokerLost: (broker, reason) =>
      write(problems, 'broker-lost', { broker, reason }, `broker ${broker} lost (${reason}); reconnecting`),
    brokerBack: (broker) => write(problems, 'broker-back', { broker }, `broker ${broker} is back; serving again`),
    workerError: (where, message) => write(problems, 'error', { where, message }, `error in ${where}: ${message}`),
  };
}

/**
 * Lines for `to`, written together once per event-loop turn: stdout on a file or a pipe writes
 * synchronously, and one write per task cost a busy worker more than its Redis round trips. A
 * SIGKILL loses at most the lines of the turn it interrupts.
 */
function batchedLines(to: Writable): (line: string) => void {
  let pending = '';
  const flush = () => {
    const lines = pending;
    pending = '';
    to.write(lines);
  };
  return (line) => {
    if (pending === '') setImmediate(flush);
    pending += line;
  };
}

function taskLine(r: TaskRecord): string {
  const outcome = r.outcome === 'ok' ? 'ok' : `failed: ${(r.reason ?? '').replace(/\s*\n\s*/g, ' ')}`;
  return `task ${r.id} ${r.action} ${r.object ?? '-'} context=${r.context} label=${r.label} bucket=${r.bucket ?? '-'} ${r.seconds.toFixed(3)}s ${outcome}`;
}
