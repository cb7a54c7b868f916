import type { Command } from 'commander';
import { ValidationError } from '../errors.js';
import type { Omega } from '../omega.js';
import type { PromoteOptions, PromotionRecord, PromotionResult } from '../promotion/types.js';
import type { Store } from '../store/store.js';
import { EXIT_FAILURE } from './failure.js';
import { alignColumns, count } from './render.js';
import type { CliSession } from './session.js';
import type { StoreName } from './store-commands.js';

interface PromoteFlags {
  toBucket?: string;
  toContext?: string;
  as?: string;
  dryRun?: boolean;
  drop?: boolean;
  condition: string[];
  message?: string;
  with?: string;
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds `om <store> promote` and `om <store> promotions`. */
export function addPromotionCommands(group: Command, storeName: StoreName, session: CliSession): void {
  group
    .command('promote')
    .description('copy an object into another bucket or context (or under another name), with conditions and a ledger')
    .argument('<name>', storeName === 'models' ? 'the model (name@tag promotes that version)' : 'the object')
    .option('--to-bucket <bucket>', 'the target bucket')
    .option('--to-context <context>', 'the target context (from the config)')
    .option('--as <name>', 'the name in the target')
    .option('--dry-run', 'show the plan and the conditions; change nothing')
    .option('--drop', 'models: start the target history anew')
    .option('--condition <name>', 'a condition to require (repeatable)', collect, [])
    .option('--message <text>', 'recorded in the ledger')
    .option('--with <datasets>', "models: 'datasets' promotes the model with the datasets its fit recorded, atomically")
    .action((name: string, flags: PromoteFlags) =>
      session.withOmega(async (om) => {
        if (flags.toBucket === undefined && flags.toContext === undefined && flags.as === undefined) {
          throw new ValidationError('give --to-bucket, --to-context or --as: where to promote to');
        }
        checkNotOntoItself(om, name, flags);
        const rows = session.io.isTTY.stderr ? await sourceRows(om[storeName], name) : undefined;
        const progress = session.progress(`${name}: rows promoted`, rows);
        const result = await withTarget(session, om, flags, (target) =>
          om[storeName].promote(name, target[storeName], {
            asName: flags.as,
            dryRun: flags.dryRun,
            drop: flags.drop,
            conditions: flags.condition,
            message: flags.message,
            onProgress: progress.tick,
            // Checked by promote: anything but 'datasets', or another store, is a ValidationError.
            with: flags.with as PromoteOptions['with'],
          }),
        );
        progress.done();
        session.print(result, resultLines);
        if (result.dryRun && result.conditions.some((c) => !c.passed)) session.exitCode = EXIT_FAILURE;
      }),
    );

  group
    .command('promotions')
    .description('the ledger of promotions (and rollbacks) into this store, oldest first')
    .argument('[name]', 'only those of this object')
    .action((name: string | undefined) =>
      session.withOmega(async (om) => session.print(await om[storeName].promotions(name), ledgerLines)),
    );
}

/** Adds `om models rollback`. */
export function addRollbackCommand(models: Command, session: CliSession): void {
  models
    .command('rollback')
    .description('make an earlier version the latest again (default: the one before the latest)')
    .argument('<name>', 'the model')
    .option('--to <version>', 'a version, a unique prefix of one, or a tag')
    .option('--message <text>', 'recorded in the ledger')
    .action((name: string, flags: { to?: string; message?: string }) =>
      session.withOmega(async (om) => {
        const { metadata, record } = await om.models.rollback(name, flags);
        session.print({ metadata, record }, () => [
          `models/${metadata.name} (bucket ${metadata.bucket}): latest is ${short(record.version)} again (was ${short(record.previousVersion)})`,
        ]);
      }),
    );
}

/** Promoting onto itself needs another name: said in the CLI's words (the API says asName). */
function checkNotOntoItself(om: Omega, name: string, flags: PromoteFlags): void {
  const sameStore =
    (flags.toContext ?? om.context) === om.context && (flags.toBucket ?? om.bucketName) === om.bucketName;
  const base = name.replace(/[@^].*$/, '');
  if (sameStore && (flags.as ?? base) === base) {
    throw new ValidationError(
      `cannot promote ${base} onto itself (same context, bucket and name): give --as another name, --to-bucket or --to-context`,
    );
  }
}

/** The rows of a table to promote (the progress total); undefined for other kinds. */
async function sourceRows(store: Store, name: string): Promise<number | undefined> {
  const meta = await store.metadata(name.replace(/[@^].*$/, '')).catch(() => null);
  const rows = meta?.kind === 'table' ? Number(meta.kindMeta.rows) : Number.NaN;
  return Number.isSafeInteger(rows) ? rows : undefined;
}

async function withTarget<T>(
  session: CliSession,
  om: Omega,
  flags: PromoteFlags,
  work: (target: Omega) => Promise<T>,
): Promise<T> {
  if (flags.toContext === undefined) return work(flags.toBucket === undefined ? om : om.bucket(flags.toBucket));
  const target = await session.open({ context: flags.toContext, bucket: flags.toBucket });
  try {
    return await work(target);
  } finally {
    await target.close();
  }
}

function resultLines(result: PromotionResult): string[] {
  if (!result.members) return memberLines(result, '');
  const lines = [
    `${result.dryRun ? 'would promote' : 'promoted'} a bundle of ${count(result.members.length, 'object')}${result.bundle ? ` (bundle ${result.bundle})` : ''}:`,
  ];
  for (const member of result.members) {
    lines.push(...memberLines(member, '  '));
    if (member.changedSinceFit) {
      lines.push(
        `    note: written since the fit read revision ${member.trainedRevision}; the data now stored travels`,
      );
    }
  }
  return lines;
}

function memberLines(result: Omit<PromotionResult, 'members' | 'bundle'>, indent: string): string[] {
  const { plan } = result;
  const where = (a: { context: string; bucket: string; prefix: string; name: string }) =>
    `${a.prefix}${a.name} (context ${a.context}, bucket ${a.bucket})`;
  const size =
    plan.rows !== undefined
      ? `, ${count(plan.rows, 'row')}`
      : plan.bytes !== undefined
        ? `, ${count(plan.bytes, 'byte')}`
        : '';
  const lines = result.unchanged
    ? [
        `unchanged: ${plan.target.context} already has version ${short(plan.source.version)} of ${plan.target.prefix}${plan.target.name} (bucket ${plan.target.bucket}); no version ${result.dryRun ? 'would be' : 'was'} added`,
      ]
    : [
        `${result.dryRun ? 'would promote' : 'promoted'} ${where(plan.source)}${plan.source.version ? ` version ${short(plan.source.version)}` : ''} -> ${where(plan.target)}`,
        `  ${plan.action} (${plan.kind}${size}; copy: ${plan.copy})`,
      ];
  for (const c of result.conditions)
    lines.push(`  condition ${c.name}: ${c.passed ? 'passed' : `FAILED (${c.detail})`}`);
  if (result.record) lines.push(`  ledger record ${result.record.id}`);
  return lines.map((line) => `${indent}${line}`);
}

function ledgerLines(records: PromotionRecord[]): string[] {
  return alignColumns(
    records.map((r) => [
      r.at.toISOString(),
      r.action,
      r.target.name,
      r.source ? `from ${r.source.context}/${r.source.bucket}/${r.source.name}` : '-',
      r.version
        ? `version ${short(r.version)} (${r.unchanged ? 'unchanged' : `was ${short(r.previousVersion)}`})`
        : '-',
      r.user,
      r.bundle ? `bundle ${r.bundle}` : '',
      r.message ?? '',
    ]),
  );
}

function short(version: string | null | undefined): string {
  return typeof version === 'string' ? version.slice(0, 12) : 'none';
}
