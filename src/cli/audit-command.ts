import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { AuditEntry } from '../keys/audit-log.js';
import { alignColumns } from './render.js';
import type { CliSession } from './session.js';

/** Adds `om audit [--since 1h] [--limit N]`: the context's log of mutating requests and key changes. */
export function addAuditCommand(program: Command, session: CliSession): void {
  program
    .command('audit')
    .description("the context's audit log of mutating requests and key changes, oldest first")
    .option('--since <when>', 'entries since: a duration back such as 1h or 7d, or an ISO date')
    .option('--limit <n>', 'at most the newest n entries')
    .action((flags: { since?: string; limit?: string }) =>
      session.withOmega(async (om) => {
        const entries = await om.audit({
          ...(flags.since === undefined ? {} : { since: flags.since }),
          ...(flags.limit === undefined ? {} : { limit: positiveInteger(flags.limit) }),
        });
        session.print(entries, auditTable);
      }),
    );
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value <= 0) {
    throw new ValidationError(`--limit must be a positive integer, got ${text}`);
  }
  return value;
}

function auditTable(entries: AuditEntry[]): string[] {
  const header = ['AT', 'KEY', 'METHOD', 'ROUTE', 'OBJECT', 'STATUS', 'DETAIL'];
  const rows = entries.map((entry) => [
    entry.at.toISOString(),
    entry.keyId === null ? entry.keyName : `${entry.keyName} (${entry.keyId})`,
    entry.method,
    entry.route,
    entry.object ?? '-',
    String(entry.status),
    entry.detail ?? '',
  ]);
  return alignColumns([header, ...rows]);
}
