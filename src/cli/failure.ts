import type { Writable } from 'node:stream';
import { CommanderError } from 'commander';
import { OmegaError } from '../errors.js';

/** Exit codes of `om` (API.md §8). */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** The `code` of usage errors (unknown command or option, missing argument) in JSON. */
export const USAGE_ERROR_CODE = 'OMEGA_USAGE';

/** commander's exits that have printed what they had to (help, version) and are no error to report. */
const PRINTED_EXITS = new Set(['commander.help', 'commander.helpDisplayed', 'commander.version']);

export interface FailureFormat {
  /** `{ "error": { "code", "message" } }` instead of `error: <message>`. */
  json: boolean;
  /** Adds the stack and its causes. */
  debug: boolean;
}

/**
 * Reports an error the way API.md §8 asks: one line `error: <message>` on stderr, the stack
 * (and causes) only with --debug; with --json one line `{ "error": { code, message, stack? } }`.
 * Returns the exit code: 2 for usage errors, 1 for any other.
 */
export function reportFailure(error: unknown, format: FailureFormat, stderr: Writable): number {
  if (error instanceof CommanderError) {
    if (PRINTED_EXITS.has(error.code)) return error.exitCode === 0 ? 0 : EXIT_USAGE;
    const message = oneLine(error.message).replace(/^error:\s*/, '');
    stderr.write(format.json ? jsonLine(USAGE_ERROR_CODE, message) : `error: ${message}\n`);
    return EXIT_USAGE;
  }
  const message = oneLine(messageOf(error));
  const stack = format.debug ? stackOf(error) : undefined;
  if (format.json) stderr.write(jsonLine(codeOf(error), message, stack));
  else stderr.write(`error: ${message}\n${stack === undefined ? '' : `${stack}\n`}`);
  return EXIT_FAILURE;
}

function jsonLine(code: string, message: string, stack?: string): string {
  return `${JSON.stringify({ error: { code, message, ...(stack === undefined ? {} : { stack }) } })}\n`;
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** An OmegaError's code (API.md §9); OMEGA_ERROR for anything else. */
function codeOf(error: unknown): string {
  return error instanceof OmegaError ? error.code : 'OMEGA_ERROR';
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
