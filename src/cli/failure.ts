import type { Writable } from 'node:stream';
import { CommanderError } from 'commander';

/** Exit codes of `om` (API.md §8). */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/**
 * Reports an error the way API.md §8 asks: one line `error: <message>` on stderr, the stack
 * (and causes) only with --debug. Returns the exit code.
 */
export function reportFailure(error: unknown, debug: boolean, stderr: Writable): number {
  // commander has already printed its message (see usageErrorLine) or the help.
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_USAGE;
  stderr.write(`error: ${oneLine(messageOf(error))}\n`);
  if (debug) stderr.write(`${stackOf(error)}\n`);
  return EXIT_FAILURE;
}

/** commander's usage messages ("error: unknown command 'x'\n(Did you mean y?)") as one line. */
export function usageErrorLine(text: string): string {
  const line = oneLine(text);
  return `${line.startsWith('error:') ? line : `error: ${line}`}\n`;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

function stackOf(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && depth < 10; depth++) {
    parts.push(current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\ncaused by: ');
}
